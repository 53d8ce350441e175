package sovereign.mesh.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.DERUTF8String;
import org.junit.jupiter.api.Test;
import sovereign.api.identity.NodeId;

class PeerCertificateVerifierTest {

  private static final Instant NOW = Instant.parse("2030-01-02T03:04:05Z");

  private final TestIdentity node = TestIdentity.random();
  private final IdentityCertificates certificates =
      new IdentityCertificates(node, Clock.fixed(NOW, ZoneOffset.UTC));

  private static X509Certificate[] chain(IdentityCertificates.Issued issued) {
    return new X509Certificate[] {issued.certificate()};
  }

  private byte[] validSignature(KeyPair keys) {
    return node.sign(
        IdentityCertificates.concat(
            IdentityCertificates.SIGNATURE_PREFIX, keys.getPublic().getEncoded()));
  }

  private IdentityCertificates.Issued withExtension(KeyPair keys, byte[] extension) {
    return IdentityCertificates.build(
        keys, extension, NOW.minus(Duration.ofHours(1)), NOW.plus(Duration.ofHours(1)));
  }

  @Test
  void aFreshCertificateProvesTheNode() throws Exception {
    IdentityCertificates.Issued issued = certificates.issue();
    assertThat(PeerCertificateVerifier.verify(chain(issued), NOW)).isEqualTo(node.nodeId());
    X509Certificate cert = issued.certificate();
    assertThat(cert.getPublicKey().getAlgorithm()).isEqualTo("EC");
    assertThat(cert.getSigAlgName()).isEqualTo("SHA256withECDSA");
    assertThat(cert.getCriticalExtensionOIDs()).containsExactly(IdentityCertificates.EXTENSION_OID);
    assertThat(cert.getNotBefore().toInstant()).isEqualTo(NOW.minus(Duration.ofHours(1)));
    assertThat(cert.getNotAfter().toInstant()).isEqualTo(NOW.plus(Duration.ofDays(1)));
  }

  @Test
  void everyCertificateHasItsOwnKey() {
    assertThat(certificates.issue().certificate().getPublicKey())
        .isNotEqualTo(certificates.issue().certificate().getPublicKey());
  }

  @Test
  void aBindingSignedByAnotherKeyIsRefused() {
    TestIdentity impostor = TestIdentity.lying(node.nodeId());
    IdentityCertificates.Issued forged =
        new IdentityCertificates(impostor, Clock.fixed(NOW, ZoneOffset.UTC)).issue();
    assertThatThrownBy(() -> PeerCertificateVerifier.verify(chain(forged), NOW))
        .isInstanceOf(PeerCertificateException.class)
        .hasMessageContaining("signature does not verify with the key of " + node.nodeId());
  }

  @Test
  void aBindingCopiedFromAnotherCertificateIsRefused() {
    KeyPair theirs = IdentityCertificates.newKeyPair();
    byte[] stolen = IdentityCertificates.signedKey(node.nodeId(), validSignature(theirs));
    IdentityCertificates.Issued replayed = withExtension(IdentityCertificates.newKeyPair(), stolen);
    assertThatThrownBy(() -> PeerCertificateVerifier.verify(chain(replayed), NOW))
        .isInstanceOf(PeerCertificateException.class)
        .hasMessageContaining("not bound to that node");
  }

  @Test
  void anExpiredCertificateIsRefused() {
    IdentityCertificates.Issued issued = certificates.issue();
    Instant later = NOW.plus(Duration.ofDays(2));
    assertThatThrownBy(() -> PeerCertificateVerifier.verify(chain(issued), later))
        .isInstanceOf(PeerCertificateException.class)
        .hasMessageContaining("expired at " + NOW.plus(Duration.ofDays(1)));
  }

  @Test
  void aCertificateNotYetValidIsRefused() {
    IdentityCertificates.Issued issued = certificates.issue();
    Instant earlier = NOW.minus(Duration.ofHours(2));
    assertThatThrownBy(() -> PeerCertificateVerifier.verify(chain(issued), earlier))
        .isInstanceOf(PeerCertificateException.class)
        .hasMessageContaining("not valid before");
  }

  @Test
  void aCertificateWithoutTheExtensionIsRefused() {
    IdentityCertificates.Issued bare = withExtension(IdentityCertificates.newKeyPair(), null);
    assertThatThrownBy(() -> PeerCertificateVerifier.verify(chain(bare), NOW))
        .isInstanceOf(PeerCertificateException.class)
        .hasMessageContaining("no libp2p public-key extension (1.3.6.1.4.1.53594.1.1)");
  }

  @Test
  void aMalformedExtensionIsRefused() throws IOException {
    KeyPair keys = IdentityCertificates.newKeyPair();
    byte[] three =
        new DERSequence(
                new ASN1Encodable[] {
                  new DEROctetString(IdentityCertificates.protobufKey(node.nodeId())),
                  new DEROctetString(validSignature(keys)),
                  new DEROctetString(new byte[1])
                })
            .getEncoded(ASN1Encoding.DER);
    assertThatThrownBy(() -> PeerCertificateVerifier.verify(chain(withExtension(keys, three)), NOW))
        .isInstanceOf(PeerCertificateException.class)
        .hasMessageContaining("has 3 elements");
    byte[] notOctets =
        new DERSequence(new ASN1Encodable[] {new DERUTF8String("a"), new DERUTF8String("b")})
            .getEncoded(ASN1Encoding.DER);
    assertThatThrownBy(
            () -> PeerCertificateVerifier.verify(chain(withExtension(keys, notOctets)), NOW))
        .isInstanceOf(PeerCertificateException.class)
        .hasMessageContaining("not a DER SEQUENCE of two OCTET STRINGs");
  }

  @Test
  void aKeyOtherThanEd25519IsRefused() throws IOException {
    KeyPair keys = IdentityCertificates.newKeyPair();
    byte[] secp256k1 = new byte[37];
    secp256k1[0] = 0x08;
    secp256k1[1] = 0x02;
    byte[] extension =
        new DERSequence(
                new ASN1Encodable[] {
                  new DEROctetString(secp256k1), new DEROctetString(validSignature(keys))
                })
            .getEncoded(ASN1Encoding.DER);
    assertThatThrownBy(
            () -> PeerCertificateVerifier.verify(chain(withExtension(keys, extension)), NOW))
        .isInstanceOf(PeerCertificateException.class)
        .hasMessageContaining("not a protobuf Ed25519 key")
        .hasMessageContaining("got 37 bytes starting 08 02 00 00");
  }

  @Test
  void aCertificateNotSignedByItsOwnKeyIsRefused() throws Exception {
    KeyPair keys = IdentityCertificates.newKeyPair();
    X509Certificate good =
        withExtension(keys, IdentityCertificates.signedKey(node.nodeId(), validSignature(keys)))
            .certificate();
    byte[] der = good.getEncoded();
    der[der.length - 5] ^= 0x01; // inside the ECDSA signature at the end
    X509Certificate tampered =
        (X509Certificate)
            java.security.cert.CertificateFactory.getInstance("X.509")
                .generateCertificate(new java.io.ByteArrayInputStream(der));
    assertThatThrownBy(() -> PeerCertificateVerifier.verify(new X509Certificate[] {tampered}, NOW))
        .isInstanceOf(PeerCertificateException.class)
        .hasMessageContaining("not self-signed");
  }

  @Test
  void aChainOfTwoOrNoneIsRefused() {
    X509Certificate one = certificates.issue().certificate();
    assertThatThrownBy(() -> PeerCertificateVerifier.verify(new X509Certificate[] {one, one}, NOW))
        .isInstanceOf(PeerCertificateException.class)
        .hasMessageContaining("chain of 2 certificates");
    assertThatThrownBy(() -> PeerCertificateVerifier.verify(new X509Certificate[0], NOW))
        .isInstanceOf(PeerCertificateException.class)
        .hasMessageContaining("no certificate");
  }

  @Test
  void theTrustManagerRefusesAnotherNodeThanTheOneDialledAndAdmissionRefusals() {
    X509Certificate[] presented = chain(certificates.issue());
    NodeId someoneElse = TestIdentity.random().nodeId();
    Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    IdentityTrustManager dialledOther =
        new IdentityTrustManager(
            java.util.Optional.of(someoneElse), PeerAdmission.everyone(), clock);
    assertThatThrownBy(() -> dialledOther.checkServerTrusted(presented, "EC"))
        .isInstanceOf(PeerCertificateException.class)
        .hasMessage("dialled " + someoneElse + " but the peer proved to be " + node.nodeId());
    assertThat(dialledOther.verifiedPeer()).isEmpty();

    PeerAdmission banned =
        new PeerAdmission() {
          @Override
          public boolean admit(NodeId peer) {
            return false;
          }

          @Override
          public String reason(NodeId peer) {
            return "banned until 2031";
          }
        };
    IdentityTrustManager closed =
        new IdentityTrustManager(java.util.Optional.empty(), banned, clock);
    assertThatThrownBy(() -> closed.checkClientTrusted(presented, "EC"))
        .isInstanceOf(AdmissionRefusedException.class)
        .hasMessage("peer " + node.nodeId() + " is not admitted: banned until 2031");

    IdentityTrustManager open =
        new IdentityTrustManager(
            java.util.Optional.of(node.nodeId()), PeerAdmission.everyone(), clock);
    assertThat(open.verifiedPeer()).isEmpty();
    org.assertj.core.api.Assertions.assertThatCode(() -> open.checkServerTrusted(presented, "EC"))
        .doesNotThrowAnyException();
    assertThat(open.verifiedPeer()).contains(node.nodeId());
  }
}
