package sovereign.skills;

import static org.assertj.core.api.Assertions.assertThat;
import static sovereign.skills.SkillMocks.capability;
import static sovereign.skills.SkillMocks.packageOf;
import static sovereign.skills.SkillMocks.plain;
import static sovereign.skills.SkillMocks.requirement;
import static sovereign.skills.SkillMocks.revision;
import static sovereign.skills.SkillMocks.skill;
import static sovereign.skills.SkillMocks.system;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.osgi.framework.hooks.resolver.ResolverHook;
import org.osgi.framework.namespace.BundleNamespace;
import org.osgi.framework.namespace.ExecutionEnvironmentNamespace;
import org.osgi.framework.namespace.HostNamespace;
import org.osgi.framework.namespace.PackageNamespace;
import org.osgi.framework.wiring.BundleCapability;
import org.osgi.framework.wiring.BundleRequirement;
import org.osgi.framework.wiring.BundleRevision;
import sovereign.testing.RecordingLogger;

class SkillResolverHookTest {

  private final List<String> log = new ArrayList<>();
  private final ResolverHook hook;

  private final BundleRevision api = revision(plain(3, "sovereign.api"));
  private final BundleRevision framework = revision(system());
  private final BundleRevision scr = revision(plain(2, "org.apache.felix.scr"));
  private final BundleRevision snoop = revision(skill(8, "snoop"));
  private final BundleRevision ledger = revision(plain(4, "sovereign.ledger"));

  SkillResolverHookTest() {
    SkillResolverHook factory = new SkillResolverHook();
    factory.logger = RecordingLogger.into(log);
    hook = factory.begin(List.of(snoop));
  }

  private List<BundleCapability> filter(
      BundleRevision requirer, String namespace, BundleCapability... candidates) {
    List<BundleCapability> list = new ArrayList<>(List.of(candidates));
    BundleRequirement requirement = requirement(requirer, namespace);
    hook.filterMatches(requirement, list);
    return list;
  }

  @Test
  void aNonSkillRequirerIsUntouched() {
    BundleCapability ledgerApi = packageOf(api, "sovereign.api.ledger");
    BundleCapability bundle = capability(api, BundleNamespace.BUNDLE_NAMESPACE, "sovereign.api");
    BundleCapability host = capability(api, HostNamespace.HOST_NAMESPACE, "sovereign.api");

    assertThat(filter(ledger, PackageNamespace.PACKAGE_NAMESPACE, ledgerApi))
        .containsExactly(ledgerApi);
    assertThat(filter(ledger, BundleNamespace.BUNDLE_NAMESPACE, bundle)).containsExactly(bundle);
    assertThat(filter(ledger, HostNamespace.HOST_NAMESPACE, host)).containsExactly(host);
    assertThat(log).isEmpty();
  }

  @Test
  void aSkillImportingTheLedgerApiLosesThatCandidate() {
    BundleCapability ledgerApi = packageOf(api, "sovereign.api.ledger");
    assertThat(filter(snoop, PackageNamespace.PACKAGE_NAMESPACE, ledgerApi)).isEmpty();
    assertThat(log)
        .containsExactly(
            "WARN skill bundle sovereign.skill.snoop [8] may not wire to package"
                + " sovereign.api.ledger of sovereign.api [3]: candidate removed");
  }

  @Test
  void aSkillKeepsTheAllowedPackages() {
    BundleCapability[] allowed = {
      packageOf(api, "sovereign.api.skills"),
      packageOf(api, "sovereign.api.policy"),
      packageOf(framework, "org.osgi.framework"),
      packageOf(scr, "org.osgi.service.component"),
      packageOf(scr, "org.osgi.service.component.annotations"),
      packageOf(framework, "org.osgi.annotation.versioning"),
    };
    assertThat(filter(snoop, PackageNamespace.PACKAGE_NAMESPACE, allowed)).containsExactly(allowed);
    assertThat(log).isEmpty();
  }

  @Test
  void onlyTheForbiddenCandidatesGoAmongSeveral() {
    BundleCapability fromApi = packageOf(api, "sovereign.api.skills");
    BundleCapability wiring = packageOf(framework, "org.osgi.framework.wiring");
    BundleCapability logApi = packageOf(scr, "org.osgi.service.log");
    assertThat(filter(snoop, PackageNamespace.PACKAGE_NAMESPACE, wiring, fromApi, logApi))
        .containsExactly(fromApi);
    assertThat(log).hasSize(2);
  }

  @Test
  void aSkillImportingItsOwnExportedPackageKeepsIt() {
    BundleCapability own = packageOf(snoop, "sovereign.skill.snoop");
    BundleCapability other = packageOf(ledger, "sovereign.skill.snoop");
    assertThat(filter(snoop, PackageNamespace.PACKAGE_NAMESPACE, other, own)).containsExactly(own);
  }

  @Test
  void requireBundleCandidatesAreRemoved() {
    BundleCapability apiBundle = capability(api, BundleNamespace.BUNDLE_NAMESPACE, "sovereign.api");
    BundleCapability systemBundle =
        capability(framework, BundleNamespace.BUNDLE_NAMESPACE, "system.bundle");
    assertThat(filter(snoop, BundleNamespace.BUNDLE_NAMESPACE, apiBundle, systemBundle)).isEmpty();
    assertThat(log)
        .containsExactly(
            "WARN skill bundle sovereign.skill.snoop [8] may not wire to Require-Bundle"
                + " sovereign.api [3]: candidate removed",
            "WARN skill bundle sovereign.skill.snoop [8] may not wire to Require-Bundle"
                + " org.apache.felix.framework [0]: candidate removed");
  }

  @Test
  void hostCandidatesAreRemovedForASkillFragment() {
    BundleCapability ledgerHost =
        capability(ledger, HostNamespace.HOST_NAMESPACE, "sovereign.ledger");
    BundleCapability systemHost =
        capability(framework, HostNamespace.HOST_NAMESPACE, "system.bundle");
    assertThat(filter(snoop, HostNamespace.HOST_NAMESPACE, ledgerHost, systemHost)).isEmpty();
    assertThat(log).hasSize(2).allMatch(line -> line.contains("fragment host"));
  }

  @Test
  void noFragmentMayAttachToASkillBundle() {
    BundleRevision fragment = revision(plain(9, "sneaky.fragment"));
    BundleCapability snoopHost =
        capability(snoop, HostNamespace.HOST_NAMESPACE, "sovereign.skill.snoop");
    BundleCapability ledgerHost =
        capability(ledger, HostNamespace.HOST_NAMESPACE, "sovereign.ledger");

    assertThat(filter(fragment, HostNamespace.HOST_NAMESPACE, snoopHost, ledgerHost))
        .containsExactly(ledgerHost);
    assertThat(log)
        .containsExactly(
            "WARN fragment sneaky.fragment [9] may not attach to skill bundle"
                + " sovereign.skill.snoop [8]: candidate removed");
  }

  @Test
  void otherNamespacesOfASkillAreUntouched() {
    BundleCapability extender = capability(scr, "osgi.extender", "osgi.component");
    BundleCapability ee =
        capability(
            framework, ExecutionEnvironmentNamespace.EXECUTION_ENVIRONMENT_NAMESPACE, "JavaSE");
    BundleCapability service = capability(ledger, "osgi.service", "sovereign.api.ledger.Ledger");
    assertThat(filter(snoop, "osgi.extender", extender)).containsExactly(extender);
    assertThat(filter(snoop, ExecutionEnvironmentNamespace.EXECUTION_ENVIRONMENT_NAMESPACE, ee))
        .containsExactly(ee);
    assertThat(filter(snoop, "osgi.service", service)).containsExactly(service);
    assertThat(log).isEmpty();
  }

  @Test
  void theOtherHookMethodsChangeNothing() {
    Collection<BundleRevision> resolvable = new ArrayList<>(List.of(snoop, ledger));
    hook.filterResolvable(resolvable);
    assertThat(resolvable).containsExactly(snoop, ledger);
    BundleCapability identity = capability(snoop, "osgi.identity", "sovereign.skill.snoop");
    Collection<BundleCapability> collisions = new ArrayList<>(List.of(identity));
    hook.filterSingletonCollisions(identity, collisions);
    assertThat(collisions).containsExactly(identity);
    hook.end();
  }
}
