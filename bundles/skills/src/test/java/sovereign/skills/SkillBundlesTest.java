package sovereign.skills;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;
import static sovereign.skills.SkillMocks.capability;
import static sovereign.skills.SkillMocks.packageOf;
import static sovereign.skills.SkillMocks.plain;
import static sovereign.skills.SkillMocks.revision;
import static sovereign.skills.SkillMocks.skill;
import static sovereign.skills.SkillMocks.system;
import static sovereign.skills.SkillMocks.wire;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.namespace.BundleNamespace;
import org.osgi.framework.namespace.ExecutionEnvironmentNamespace;
import org.osgi.framework.namespace.HostNamespace;
import org.osgi.framework.wiring.BundleRevision;
import org.osgi.framework.wiring.BundleWire;
import org.osgi.framework.wiring.BundleWiring;

class SkillBundlesTest {

  private final Bundle api = plain(3, "sovereign.api");
  private final BundleRevision apiRevision = revision(api);

  @Test
  void aBundleWithTheHeaderIsASkillBundle() {
    Bundle greet = skill(7, "greet");
    assertThat(SkillBundles.isSkill(greet)).isTrue();
    assertThat(SkillBundles.isSkill(revision(greet))).isTrue();
  }

  @Test
  void aBundleWithoutItIsNot() {
    assertThat(SkillBundles.isSkill(api)).isFalse();
    assertThat(SkillBundles.isSkill(apiRevision)).isFalse();
    assertThat(SkillBundles.isSkill(system())).isFalse();
    assertThat(SkillBundles.isSkill(mock(Bundle.class))).isFalse(); // no headers at all
    assertThat(SkillBundles.isSkill((Bundle) null)).isFalse();
    assertThat(SkillBundles.isSkill((BundleRevision) null)).isFalse();
  }

  @Test
  void allowedPackages() {
    assertThat(
            List.of(
                "sovereign.api.skills",
                "sovereign.api.policy",
                "org.osgi.framework",
                "org.osgi.service.component",
                "org.osgi.service.component.annotations",
                "org.osgi.annotation.versioning",
                "org.osgi.annotation.bundle",
                "java.lang"))
        .allMatch(SkillBundles::isAllowedPackage);
  }

  @Test
  void everyOtherPackageIsForbidden() {
    assertThat(
            List.of(
                "sovereign.api.ledger",
                "sovereign.api.identity",
                "sovereign.api.skillsx",
                "sovereign.api.skills.internal",
                "org.osgi.framework.wiring",
                "org.osgi.framework.hooks.service",
                "org.osgi.service.log",
                "org.osgi.service.cm",
                "org.osgi.annotationx",
                "javax.net",
                "sun.misc"))
        .noneMatch(SkillBundles::isAllowedPackage);
    assertThat(SkillBundles.isAllowedPackage(null)).isFalse();
  }

  @Test
  void aSkillMayUseWhatItProvidesItself() {
    Bundle snoop = skill(8, "snoop");
    BundleRevision own = revision(snoop);
    assertThat(SkillBundles.forbidden(own, packageOf(own, "sovereign.skill.snoop"))).isNull();
    // an older revision of the same bundle still counts as its own
    assertThat(SkillBundles.forbidden(own, packageOf(revision(snoop), "sovereign.skill.snoop")))
        .isNull();
  }

  @Test
  void forbiddenNamesWhatAndWhose() {
    BundleRevision skill = revision(skill(8, "snoop"));
    assertThat(SkillBundles.forbidden(skill, packageOf(apiRevision, "sovereign.api.ledger")))
        .isEqualTo("package sovereign.api.ledger of sovereign.api [3]");
    assertThat(SkillBundles.forbidden(skill, packageOf(apiRevision, "sovereign.api.skills")))
        .isNull();
    assertThat(
            SkillBundles.forbidden(
                skill, capability(apiRevision, BundleNamespace.BUNDLE_NAMESPACE, "sovereign.api")))
        .isEqualTo("Require-Bundle sovereign.api [3]");
    assertThat(
            SkillBundles.forbidden(
                skill, capability(apiRevision, HostNamespace.HOST_NAMESPACE, "sovereign.api")))
        .isEqualTo("fragment host sovereign.api [3]");
  }

  @Test
  void otherNamespacesAreNotDecided() {
    BundleRevision skill = revision(skill(8, "snoop"));
    BundleRevision framework = revision(system());
    assertThat(
            SkillBundles.forbidden(
                skill,
                capability(
                    framework, ExecutionEnvironmentNamespace.EXECUTION_ENVIRONMENT_NAMESPACE, "")))
        .isNull();
    assertThat(
            SkillBundles.forbidden(
                skill,
                capability(
                    revision(plain(2, "org.apache.felix.scr")), "osgi.extender", "osgi.component")))
        .isNull();
    assertThat(
            SkillBundles.forbidden(
                skill, capability(apiRevision, "osgi.service", "sovereign.api.ledger.Ledger")))
        .isNull();
  }

  @Test
  void wiringViolationsNameEachForbiddenWire() {
    Bundle wiretap = skill(9, "wiretap");
    BundleRevision revision = revision(wiretap);
    BundleRevision scr = revision(plain(2, "org.apache.felix.scr"));
    BundleWiring wiring = wiring(wiretap, revision);
    List<BundleWire> wires =
        List.of(
            wire(revision, packageOf(apiRevision, "sovereign.api.skills")),
            wire(revision, packageOf(apiRevision, "sovereign.api.ledger")),
            wire(revision, packageOf(revision, "sovereign.skill.wiretap")),
            wire(revision, packageOf(revision(system()), "org.osgi.framework")),
            wire(revision, packageOf(revision(system()), "org.osgi.framework.wiring")),
            wire(
                revision,
                capability(apiRevision, BundleNamespace.BUNDLE_NAMESPACE, "sovereign.api")),
            wire(revision, capability(scr, HostNamespace.HOST_NAMESPACE, "scr")),
            wire(revision, capability(scr, "osgi.extender", "osgi.component")));
    when(wiring.getRequiredWires(null)).thenReturn(wires);

    assertThat(SkillBundles.wiringViolations(wiretap))
        .containsExactly(
            "package sovereign.api.ledger of sovereign.api [3]",
            "package org.osgi.framework.wiring of org.apache.felix.framework [0]",
            "Require-Bundle sovereign.api [3]",
            "fragment host org.apache.felix.scr [2]");
  }

  @Test
  void aSkillWiredAsAllowedHasNoViolations() {
    Bundle greet = skill(7, "greet");
    BundleRevision revision = revision(greet);
    BundleWiring wiring = wiring(greet, revision);
    List<BundleWire> wires =
        List.of(
            wire(revision, packageOf(apiRevision, "sovereign.api.skills")),
            wire(revision, packageOf(apiRevision, "sovereign.api.policy")));
    when(wiring.getRequiredWires(null)).thenReturn(wires);
    assertThat(SkillBundles.wiringViolations(greet)).isEmpty();
  }

  @Test
  void anUnresolvedSkillOrANonSkillHasNoViolations() {
    assertThat(SkillBundles.wiringViolations(skill(7, "greet"))).isEmpty(); // adapt gives null
    Bundle ledger = plain(4, "sovereign.ledger");
    BundleRevision revision = revision(ledger);
    BundleWiring wiring = wiring(ledger, revision);
    List<BundleWire> wires =
        List.of(wire(revision, packageOf(apiRevision, "sovereign.api.ledger")));
    when(wiring.getRequiredWires(null)).thenReturn(wires);
    assertThat(SkillBundles.wiringViolations(ledger)).isEmpty();
  }

  private static BundleWiring wiring(Bundle bundle, BundleRevision revision) {
    BundleWiring wiring = mock(BundleWiring.class);
    when(wiring.getRevision()).thenReturn(revision);
    when(wiring.getBundle()).thenReturn(bundle);
    when(bundle.adapt(BundleWiring.class)).thenReturn(wiring);
    return wiring;
  }
}
