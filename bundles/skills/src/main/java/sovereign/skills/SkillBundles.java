package sovereign.skills;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.osgi.framework.Bundle;
import org.osgi.framework.namespace.BundleNamespace;
import org.osgi.framework.namespace.HostNamespace;
import org.osgi.framework.namespace.PackageNamespace;
import org.osgi.framework.wiring.BundleCapability;
import org.osgi.framework.wiring.BundleRevision;
import org.osgi.framework.wiring.BundleWire;
import org.osgi.framework.wiring.BundleWiring;

/**
 * What a skill bundle is, and what it may wire to. A skill bundle is any bundle whose manifest has
 * a {@value #SKILL} header (WASM or Java). Its imports may only be wired to the packages below, or
 * to packages it provides itself; it may not use Require-Bundle nor be a fragment. The framework
 * hooks of this package enforce that rule; {@link #wiringViolations(Bundle)} checks a bundle that
 * resolved before they were registered.
 */
final class SkillBundles {

  /** The manifest header that makes a bundle a skill bundle. */
  static final String SKILL = "Sovereign-Skill";

  /** The package a service must be in for a skill bundle to see it, unless it registered it. */
  static final String SKILLS_API = "sovereign.api.skills";

  /** The packages a skill bundle may import, besides its own and {@code org.osgi.annotation.*}. */
  static final Set<String> ALLOWED_PACKAGES =
      Set.of(
          SKILLS_API,
          "sovereign.api.policy", // PolicyRefusedException
          "org.osgi.framework", // a skill may register its service by hand
          "org.osgi.service.component",
          "org.osgi.service.component.annotations");

  private static final String ANNOTATIONS = "org.osgi.annotation.";

  private SkillBundles() {}

  /** Whether the bundle's manifest has a {@value #SKILL} header. */
  static boolean isSkill(Bundle bundle) {
    if (bundle == null || bundle.getBundleId() == 0) {
      return false;
    }
    var headers = bundle.getHeaders(""); // raw, not localized
    return headers != null && headers.get(SKILL) != null;
  }

  /** Whether the revision belongs to a skill bundle. */
  static boolean isSkill(BundleRevision revision) {
    return revision != null && isSkill(revision.getBundle());
  }

  /** Whether a skill bundle may import the package from another bundle. */
  static boolean isAllowedPackage(String pkg) {
    return pkg != null
        && (ALLOWED_PACKAGES.contains(pkg)
            || pkg.startsWith(ANNOTATIONS)
            // never wired by the framework (boot delegation); nothing to decide
            || pkg.startsWith("java."));
  }

  /**
   * Why a skill revision may not use a capability, or {@code null} if it may. Only the {@code
   * osgi.wiring.package}, {@code osgi.wiring.bundle} and {@code osgi.wiring.host} namespaces are
   * decided; a capability the skill bundle provides itself is always allowed.
   */
  static String forbidden(BundleRevision skill, BundleCapability capability) {
    BundleRevision provider = capability.getRevision();
    if (provider == skill || (provider != null && sameBundle(provider.getBundle(), skill))) {
      return null;
    }
    switch (capability.getNamespace()) {
      case PackageNamespace.PACKAGE_NAMESPACE:
        Object pkg = capability.getAttributes().get(PackageNamespace.PACKAGE_NAMESPACE);
        return isAllowedPackage(String.valueOf(pkg))
            ? null
            : "package " + pkg + " of " + describe(provider);
      case BundleNamespace.BUNDLE_NAMESPACE:
        return "Require-Bundle " + describe(provider);
      case HostNamespace.HOST_NAMESPACE:
        return "fragment host " + describe(provider);
      default:
        return null;
    }
  }

  /**
   * The wires of a resolved skill bundle that {@link #forbidden} refuses, one description each;
   * empty if the bundle is not a skill bundle, is not resolved, or is wired as allowed. Used to
   * refuse a skill bundle that resolved before the resolver hook was registered.
   */
  static List<String> wiringViolations(Bundle bundle) {
    List<String> out = new ArrayList<>();
    if (!isSkill(bundle)) {
      return out;
    }
    BundleWiring wiring = bundle.adapt(BundleWiring.class);
    if (wiring == null) {
      return out;
    }
    BundleRevision revision = wiring.getRevision();
    List<BundleWire> wires = wiring.getRequiredWires(null);
    if (wires == null) {
      return out;
    }
    for (BundleWire wire : wires) {
      String why = forbidden(revision, wire.getCapability());
      if (why != null) {
        out.add(why);
      }
    }
    return out;
  }

  /** The bundle's symbolic name and id, for log lines. */
  static String describe(Bundle bundle) {
    return bundle == null
        ? "an unknown bundle"
        : bundle.getSymbolicName() + " [" + bundle.getBundleId() + "]";
  }

  static String describe(BundleRevision revision) {
    return describe(revision == null ? null : revision.getBundle());
  }

  private static boolean sameBundle(Bundle bundle, BundleRevision revision) {
    return bundle != null && revision != null && bundle.equals(revision.getBundle());
  }
}
