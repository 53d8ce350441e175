package sovereign.skills;

import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.util.Hashtable;
import java.util.Map;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.namespace.PackageNamespace;
import org.osgi.framework.wiring.BundleCapability;
import org.osgi.framework.wiring.BundleRequirement;
import org.osgi.framework.wiring.BundleRevision;
import org.osgi.framework.wiring.BundleWire;

/** Mocked bundles, revisions, capabilities and service references for the hook tests. */
final class SkillMocks {

  private SkillMocks() {}

  static Bundle system() {
    return bundle(0, "org.apache.felix.framework", null);
  }

  static Bundle plain(long id, String symbolicName) {
    return bundle(id, symbolicName, null);
  }

  static Bundle skill(long id, String skillName) {
    return bundle(id, "sovereign.skill." + skillName, skillName);
  }

  private static Bundle bundle(long id, String symbolicName, String skillName) {
    Bundle bundle = mock(Bundle.class, symbolicName);
    Hashtable<String, String> headers = new Hashtable<>();
    headers.put(Constants.BUNDLE_SYMBOLICNAME, symbolicName);
    if (skillName != null) {
      headers.put(SkillBundles.SKILL, skillName);
    }
    when(bundle.getBundleId()).thenReturn(id);
    when(bundle.getSymbolicName()).thenReturn(symbolicName);
    when(bundle.getHeaders("")).thenReturn(headers);
    return bundle;
  }

  static BundleRevision revision(Bundle bundle) {
    String symbolicName = bundle.getSymbolicName();
    BundleRevision revision = mock(BundleRevision.class);
    when(revision.getBundle()).thenReturn(bundle);
    when(revision.getSymbolicName()).thenReturn(symbolicName);
    return revision;
  }

  static BundleCapability packageOf(BundleRevision provider, String pkg) {
    return capability(provider, PackageNamespace.PACKAGE_NAMESPACE, pkg);
  }

  /** A capability in the namespace, its namespace attribute set to value. */
  static BundleCapability capability(BundleRevision provider, String namespace, String value) {
    BundleCapability capability = mock(BundleCapability.class);
    when(capability.getNamespace()).thenReturn(namespace);
    when(capability.getRevision()).thenReturn(provider);
    when(capability.getResource()).thenReturn(provider);
    when(capability.getAttributes()).thenReturn(Map.of(namespace, value));
    return capability;
  }

  static BundleRequirement requirement(BundleRevision requirer, String namespace) {
    BundleRequirement requirement = mock(BundleRequirement.class);
    when(requirement.getNamespace()).thenReturn(namespace);
    when(requirement.getRevision()).thenReturn(requirer);
    when(requirement.getResource()).thenReturn(requirer);
    return requirement;
  }

  static BundleWire wire(BundleRevision requirer, BundleCapability capability) {
    BundleRevision provider = capability.getRevision();
    BundleWire wire = mock(BundleWire.class);
    when(wire.getCapability()).thenReturn(capability);
    when(wire.getProvider()).thenReturn(provider);
    when(wire.getRequirer()).thenReturn(requirer);
    return wire;
  }

  static ServiceReference<?> service(Bundle registrar, String... objectClass) {
    ServiceReference<?> ref = mock(ServiceReference.class);
    when(ref.getBundle()).thenReturn(registrar);
    when(ref.getProperty(Constants.OBJECTCLASS)).thenReturn(objectClass);
    return ref;
  }

  static BundleContext context(Bundle bundle) {
    BundleContext context = mock(BundleContext.class);
    when(context.getBundle()).thenReturn(bundle);
    return context;
  }
}
