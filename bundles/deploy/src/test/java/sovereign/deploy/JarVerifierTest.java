package sovereign.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sovereign.deploy.Verdict.Accepted;
import sovereign.deploy.Verdict.Reason;
import sovereign.deploy.Verdict.Rejected;

class JarVerifierTest {

  private static final Set<String> CORE = Set.of("sovereign.ledger", "sovereign.policy");

  @TempDir static Path keys;

  private static Signing signing;
  private static Path skillsCert;
  private static Path coreCert;
  private static Path expiredCert;
  private static Path futureCert;
  private static Path revokedCert;

  @TempDir Path dir;

  private TrustStore trust;
  private JarVerifier verifier;

  @BeforeAll
  static void keys() throws Exception {
    signing = new Signing(keys);
    skillsCert = signing.key("skills", "Ed25519");
    coreCert = signing.key("core", "EC", "-groupname", "secp256r1", "-validity", "30");
    signing.key("stranger", "Ed25519");
    expiredCert = signing.key("expired", "Ed25519", "-startdate", "-3d", "-validity", "1");
    futureCert = signing.key("future", "EC", "-startdate", "+2d", "-validity", "30");
    revokedCert = signing.key("revoked", "Ed25519");
  }

  @BeforeEach
  void trust() throws Exception {
    trust = TrustStore.open(dir.resolve("trust"));
    trust.add("skills-pub", skillsCert, Scope.SKILLS);
    trust.add("core-pub", coreCert, Scope.CORE);
    trust.add("expired-pub", expiredCert, Scope.SKILLS);
    trust.add("future-pub", futureCert, Scope.CORE);
    trust.add("revoked-pub", revokedCert, Scope.SKILLS);
    trust.revoke(trust.publisher("revoked-pub").orElseThrow().fingerprint());
    verifier = new JarVerifier(trust, CORE);
  }

  private Path skill() throws Exception {
    return Jars.bundle(dir.resolve("skill.jar"), "com.example.skill", "1.2.0");
  }

  private Path signed(Path jar, String key) throws Exception {
    return signing.sign(jar, key, dir.resolve(key + "-" + jar.getFileName()));
  }

  private Rejected rejected(Path jar, Scope needed) {
    Verdict verdict = verifier.verify(jar, needed);
    assertThat(verdict).isInstanceOf(Rejected.class);
    return (Rejected) verdict;
  }

  @Test
  void acceptsASkillSignedByAnEd25519SkillsPublisher() throws Exception {
    Verdict verdict = verifier.verify(signed(skill(), "skills"), Scope.SKILLS);

    assertThat(verdict)
        .isEqualTo(
            new Accepted(
                "skills-pub",
                Scope.SKILLS,
                trust.publisher("skills-pub").orElseThrow().fingerprint(),
                "com.example.skill",
                "1.2.0"));
    assertThat(verdict.text())
        .startsWith("accepted: com.example.skill 1.2.0 signed by 'skills-pub'");
  }

  @Test
  void acceptsACoreBundleSignedByAnEcCorePublisher() throws Exception {
    Path ledger = Jars.bundle(dir.resolve("ledger.jar"), "sovereign.ledger", "0.2");

    Verdict verdict = verifier.verify(signed(ledger, "core"), Scope.CORE);

    assertThat(verdict).isInstanceOf(Accepted.class);
    assertThat(((Accepted) verdict).alias()).isEqualTo("core-pub");
    assertThat(((Accepted) verdict).version()).isEqualTo("0.2.0");
  }

  private Path set(String name) throws Exception {
    java.util.jar.Manifest manifest = new java.util.jar.Manifest();
    manifest.getMainAttributes().put(java.util.jar.Attributes.Name.MANIFEST_VERSION, "1.0");
    if (name != null) {
      manifest.getMainAttributes().putValue(JarVerifier.SET_HEADER, name);
    }
    Path file = dir.resolve("set.jar");
    try (var out = Files.newOutputStream(file);
        var jar = new java.util.jar.JarOutputStream(out, manifest)) {
      jar.putNextEntry(new java.util.jar.JarEntry("bundles/a.jar"));
      jar.write(Files.readAllBytes(skill()));
      jar.closeEntry();
    }
    return file;
  }

  @Test
  void acceptsADeploymentSetSignedByACorePublisher() throws Exception {
    Verdict verdict = verifier.verifySet(signed(set("release-7"), "core"), Scope.CORE);

    assertThat(verdict).isInstanceOf(Accepted.class);
    assertThat(((Accepted) verdict).symbolicName()).isEqualTo("release-7");
  }

  @Test
  void rejectsASetSignedBySkillsPublisherWhenItHoldsCoreBundles() throws Exception {
    Rejected verdict =
        (Rejected) verifier.verifySet(signed(set("release-7"), "skills"), Scope.CORE);
    assertThat(verdict.reason()).isEqualTo(Reason.OUT_OF_SCOPE);
  }

  @Test
  void rejectsAJarWithoutTheSetHeaderAsADeploymentSet() throws Exception {
    Rejected verdict = (Rejected) verifier.verifySet(signed(set(null), "core"), Scope.CORE);
    assertThat(verdict.reason()).isEqualTo(Reason.NOT_A_BUNDLE);
    assertThat(verdict.detail()).contains("not a deployment set");
  }

  @Test
  void rejectsAnUnsignedDeploymentSet() throws Exception {
    Rejected verdict = (Rejected) verifier.verifySet(set("release-7"), Scope.SKILLS);
    assertThat(verdict.reason()).isEqualTo(Reason.UNSIGNED);
  }

  @Test
  void rejectsAnUnsignedJar() throws Exception {
    Rejected verdict = rejected(skill(), Scope.SKILLS);

    assertThat(verdict.reason()).isEqualTo(Reason.UNSIGNED);
    assertThat(verdict.text()).isEqualTo("rejected (unsigned): no entry is signed");
  }

  @Test
  void rejectsAnEntryAddedAfterSigning() throws Exception {
    Path jar =
        Jars.append(
            signed(skill(), "skills"),
            dir.resolve("extra.jar"),
            "com/example/Backdoor.class",
            Jars.bytes("added later"));

    Rejected verdict = rejected(jar, Scope.SKILLS);

    assertThat(verdict.reason()).isEqualTo(Reason.PARTIALLY_SIGNED);
    assertThat(verdict.detail()).contains("com/example/Backdoor.class");
  }

  @Test
  void rejectsAServiceFileAddedUnderMetaInfAfterSigning() throws Exception {
    Path jar =
        Jars.append(
            signed(skill(), "skills"),
            dir.resolve("extra.jar"),
            "META-INF/services/java.sql.Driver",
            Jars.bytes("com.example.Backdoor"));

    Rejected verdict = rejected(jar, Scope.SKILLS);

    assertThat(verdict.reason()).isEqualTo(Reason.PARTIALLY_SIGNED);
    assertThat(verdict.detail()).contains("META-INF/services/java.sql.Driver");
  }

  @Test
  void rejectsAnEntryChangedAfterSigning() throws Exception {
    Path jar =
        Jars.rewrite(
            signed(skill(), "skills"),
            dir.resolve("tampered.jar"),
            "com/example/Helper.class",
            Jars.bytes("evil class file two"));

    Rejected verdict = rejected(jar, Scope.SKILLS);

    assertThat(verdict.reason()).isEqualTo(Reason.CHANGED_AFTER_SIGNING);
    assertThat(verdict.detail()).contains("com/example/Helper.class");
  }

  @Test
  void rejectsEntriesSignedByDifferentSigners() throws Exception {
    Path extended =
        Jars.append(
            signed(skill(), "skills"),
            dir.resolve("extended.jar"),
            "com/example/Extra.class",
            Jars.bytes("added by someone else"));

    Rejected verdict = rejected(signed(extended, "core"), Scope.SKILLS);

    assertThat(verdict.reason()).isEqualTo(Reason.DIFFERENT_SIGNERS);
    assertThat(verdict.detail()).contains("CN=core").contains("CN=skills");
  }

  @Test
  void rejectsAJarCoSignedByTwoPublishers() throws Exception {
    Rejected verdict = rejected(signed(signed(skill(), "skills"), "core"), Scope.SKILLS);

    assertThat(verdict.reason()).isEqualTo(Reason.DIFFERENT_SIGNERS);
    assertThat(verdict.detail()).contains("2 signers");
  }

  @Test
  void rejectsAnUntrustedSigner() throws Exception {
    Rejected verdict = rejected(signed(skill(), "stranger"), Scope.SKILLS);

    assertThat(verdict.reason()).isEqualTo(Reason.UNTRUSTED);
    assertThat(verdict.detail()).contains("CN=stranger").contains("not a trusted publisher");
  }

  @Test
  void rejectsARevokedSignerEvenAfterItIsRemoved() throws Exception {
    Path jar = signed(skill(), "revoked");
    assertThat(rejected(jar, Scope.SKILLS).reason()).isEqualTo(Reason.REVOKED);

    trust.remove("revoked-pub");

    Rejected verdict = rejected(jar, Scope.SKILLS);
    assertThat(verdict.reason()).isEqualTo(Reason.REVOKED);
    assertThat(verdict.detail()).contains("CN=revoked");
  }

  @Test
  void rejectsAnExpiredCertificate() throws Exception {
    Rejected verdict = rejected(signed(skill(), "expired"), Scope.SKILLS);

    assertThat(verdict.reason()).isEqualTo(Reason.EXPIRED);
    assertThat(verdict.detail()).contains("'expired-pub' expired");
  }

  @Test
  void rejectsACertificateNotYetValid() throws Exception {
    Rejected verdict = rejected(signed(skill(), "future"), Scope.SKILLS);

    assertThat(verdict.reason()).isEqualTo(Reason.NOT_YET_VALID);
    assertThat(verdict.detail()).contains("'future-pub' is valid only from");
  }

  @Test
  void rejectsASkillsPublisherClaimingACoreBundleName() throws Exception {
    Path fake = Jars.bundle(dir.resolve("policy.jar"), "sovereign.policy", "9.0.0");

    Rejected verdict = rejected(signed(fake, "skills"), Scope.SKILLS);

    assertThat(verdict.reason()).isEqualTo(Reason.OUT_OF_SCOPE);
    assertThat(verdict.detail()).contains("claims the core bundle name sovereign.policy");
  }

  @Test
  void rejectsASkillsPublisherWhenTheCoreScopeIsNeeded() throws Exception {
    Rejected verdict = rejected(signed(skill(), "skills"), Scope.CORE);

    assertThat(verdict.reason()).isEqualTo(Reason.OUT_OF_SCOPE);
    assertThat(verdict.detail()).contains("'skills-pub' may sign skills only");
  }

  @Test
  void rejectsAJarWithoutABundleSymbolicName() throws Exception {
    Path plain = Jars.bundle(dir.resolve("plain.jar"), null, "1.0.0");

    Rejected verdict = rejected(signed(plain, "skills"), Scope.SKILLS);

    assertThat(verdict.reason()).isEqualTo(Reason.NOT_A_BUNDLE);
    assertThat(verdict.detail()).contains("no Bundle-SymbolicName");
  }

  @Test
  void rejectsAMalformedBundleVersion() throws Exception {
    Path broken = Jars.bundle(dir.resolve("broken.jar"), "com.example.skill", "1.x");

    Rejected verdict = rejected(signed(broken, "skills"), Scope.SKILLS);

    assertThat(verdict.reason()).isEqualTo(Reason.NOT_A_BUNDLE);
    assertThat(verdict.detail()).contains("malformed Bundle-Version '1.x'");
  }

  @Test
  void rejectsAFileThatIsNotAJar() throws Exception {
    Path text = Files.writeString(dir.resolve("notes.jar"), "not a zip at all");

    Rejected verdict = rejected(text, Scope.SKILLS);

    assertThat(verdict.reason()).isEqualTo(Reason.NOT_A_BUNDLE);
    assertThat(verdict.detail()).contains("cannot be read as a jar");
  }

  @Test
  void signatureFilesAreTheOnlyEntriesExemptFromSigning() {
    assertThat(JarVerifier.isSignatureFile("META-INF/MANIFEST.MF")).isTrue();
    assertThat(JarVerifier.isSignatureFile("META-INF/SKILLS.SF")).isTrue();
    assertThat(JarVerifier.isSignatureFile("META-INF/SKILLS.EC")).isTrue();
    assertThat(JarVerifier.isSignatureFile("meta-inf/skills.rsa")).isTrue();
    assertThat(JarVerifier.isSignatureFile("META-INF/SIG-X")).isTrue();
    assertThat(JarVerifier.isSignatureFile("META-INF/services/x.SF")).isFalse();
    assertThat(JarVerifier.isSignatureFile("META-INF/maven/pom.xml")).isFalse();
    assertThat(JarVerifier.isSignatureFile("OSGI-INF/x.SF")).isFalse();
  }
}
