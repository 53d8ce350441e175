package sovereign.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrustStoreTest {

  @TempDir static Path keys;

  private static Path ed25519;
  private static Path ec;
  private static Path rsa;

  @TempDir Path dir;

  private Path trustDir;
  private TrustStore trust;

  @BeforeAll
  static void keys() throws Exception {
    Signing signing = new Signing(keys);
    ed25519 = signing.key("alice", "Ed25519");
    ec = signing.key("bob", "EC", "-groupname", "secp256r1", "-validity", "30");
    rsa = signing.key("carol", "RSA", "-keysize", "2048", "-validity", "30");
  }

  @BeforeEach
  void open() throws Exception {
    trustDir = dir.resolve("trust");
    trust = TrustStore.open(trustDir);
  }

  @Test
  void addedPublishersSurviveReopeningWithTheirScopes() throws Exception {
    trust.add("alice", ed25519, Scope.SKILLS);
    trust.add("bob", ec, Scope.CORE);

    TrustStore reopened = TrustStore.open(trustDir);

    assertThat(reopened.publishers())
        .extracting(Publisher::alias, Publisher::scope)
        .containsExactly(tuple("alice", Scope.SKILLS), tuple("bob", Scope.CORE));
    assertThat(Files.readString(trustDir.resolve("trust.json")))
        .contains("\"alice\" : \"skills\"")
        .contains("\"bob\" : \"core\"");
    assertThat(trustDir.resolve("alice.pem")).exists();
    assertThat(trustDir.resolve("bob.pem")).exists();
    try (Stream<Path> files = Files.list(trustDir)) {
      assertThat(files).noneMatch(f -> f.getFileName().toString().endsWith(".tmp"));
    }
  }

  @Test
  void fingerprintsMatchWhatKeytoolPrints() throws Exception {
    Publisher alice = trust.add("alice", ed25519, Scope.SKILLS);

    assertThat(alice.fingerprint())
        .isEqualTo(Fingerprints.normalize(Signing.printedFingerprint(ed25519)));
  }

  @Test
  void findsThePublisherOfACertificate() throws Exception {
    trust.add("bob", ec, Scope.CORE);

    assertThat(trust.publisherOf(certificate(ec))).map(Publisher::alias).contains("bob");
    assertThat(trust.publisherOf(certificate(ed25519))).isEmpty();
  }

  @Test
  void removeForgetsThePublisherAndDeletesItsCertificate() throws Exception {
    trust.add("alice", ed25519, Scope.SKILLS);

    trust.remove("alice");

    assertThat(trust.publishers()).isEmpty();
    assertThat(trustDir.resolve("alice.pem")).doesNotExist();
    assertThat(TrustStore.open(trustDir).publishers()).isEmpty();
    assertThatThrownBy(() -> trust.remove("alice"))
        .hasMessageContaining("no trusted publisher is named 'alice'");
  }

  @Test
  void revocationPersistsAndForbidsTrustingTheCertificateAgain() throws Exception {
    String fingerprint = trust.add("alice", ed25519, Scope.SKILLS).fingerprint();

    assertThat(trust.revoke(Signing.printedFingerprint(ed25519))).isTrue();
    assertThat(trust.revoke(fingerprint.toUpperCase())).isFalse();
    trust.remove("alice");

    TrustStore reopened = TrustStore.open(trustDir);
    assertThat(reopened.isRevoked(fingerprint)).isTrue();
    assertThat(reopened.revoked()).containsExactly(fingerprint);
    assertThatThrownBy(() -> reopened.add("alice2", ed25519, Scope.SKILLS))
        .hasMessageContaining("is revoked");
  }

  @Test
  void refusesAnRsaCertificate() {
    assertThatThrownBy(() -> trust.add("carol", rsa, Scope.SKILLS))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("holds a RSA key")
        .hasMessageContaining("Ed25519 or EC");
    assertThat(trustDir.resolve("carol.pem")).doesNotExist();
  }

  @Test
  void refusesSomethingThatIsNotACertificate() throws Exception {
    Path text = Files.writeString(dir.resolve("junk.pem"), "hello");

    assertThatThrownBy(() -> trust.add("junk", text, Scope.SKILLS))
        .hasMessageContaining("is not an X.509 certificate");
  }

  @Test
  void refusesBadAliasesDuplicateAliasesAndTheSameCertificateTwice() throws Exception {
    trust.add("alice", ed25519, Scope.SKILLS);

    assertThatThrownBy(() -> trust.add("../evil", ec, Scope.SKILLS))
        .hasMessageContaining("is not a publisher alias");
    assertThatThrownBy(() -> trust.add("alice", ec, Scope.SKILLS))
        .hasMessageContaining("'alice' is already trusted");
    assertThatThrownBy(() -> trust.add("alice-again", ed25519, Scope.CORE))
        .hasMessageContaining("already trusted as 'alice'");
  }

  @Test
  void readsAnOperatorsDerCrtFileNamedInTheIndex() throws Exception {
    Files.createDirectories(trustDir);
    Files.write(trustDir.resolve("bob.crt"), certificate(ec).getEncoded());
    Files.writeString(
        trustDir.resolve("trust.json"), "{\"publishers\": {\"bob\": \"core\"}, \"revoked\": []}");

    trust.reload();

    assertThat(trust.publisher("bob")).map(Publisher::scope).contains(Scope.CORE);
  }

  @Test
  void aCertificateWithoutAnIndexEntryIsNotTrusted() throws Exception {
    Files.copy(ed25519, trustDir.resolve("alice.pem"));

    trust.reload();

    assertThat(trust.publishers()).isEmpty();
  }

  @Test
  void refusesToOpenABrokenIndex() throws Exception {
    Files.writeString(trustDir.resolve("trust.json"), "{\"publishers\": {\"bob\": \"admin\"}}");
    assertThatThrownBy(() -> TrustStore.open(trustDir))
        .hasMessageContaining("unknown scope 'admin'");

    Files.writeString(trustDir.resolve("trust.json"), "{\"publishers\": {\"bob\": \"core\"}}");
    assertThatThrownBy(() -> TrustStore.open(trustDir))
        .hasMessageContaining("trusts 'bob' but neither");

    Files.writeString(trustDir.resolve("trust.json"), "{\"revoked\": [\"abc\"]}");
    assertThatThrownBy(() -> TrustStore.open(trustDir)).hasMessageContaining("not a SHA-256");
  }

  private static X509Certificate certificate(Path file) throws Exception {
    try (var in = Files.newInputStream(file)) {
      return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
    }
  }
}
