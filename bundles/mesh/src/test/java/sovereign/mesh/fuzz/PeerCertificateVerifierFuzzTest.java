package sovereign.mesh.fuzz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x509.TBSCertificate;
import org.bouncycastle.asn1.x509.Time;
import org.bouncycastle.asn1.x509.V3TBSCertificateGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import sovereign.mesh.transport.IdentityCertificates;
import sovereign.mesh.transport.PeerCertificateException;
import sovereign.mesh.transport.PeerCertificateVerifier;

/**
 * Fuzzes {@link PeerCertificateVerifier#verify}, which every TLS handshake runs on the peer's
 * certificate. Two targets: whole certificates (DER bytes; what the JDK refuses to parse never
 * reaches the verifier and is skipped), and the libp2p extension value alone, wrapped in a
 * well-formed, correctly self-signed certificate so that every input reaches the extension parser.
 * Checked: the verifier returns a node or throws {@link PeerCertificateException}, nothing else.
 */
class PeerCertificateVerifierFuzzTest {

  /** The instant the certificates are checked at; the seed certificates are valid then. */
  static final Instant NOW = Instant.parse("2030-01-02T03:04:05Z");

  private static final KeyPair KEYS = newKeyPair();

  @FuzzTest(maxDuration = "30s")
  @Timeout(value = 10, unit = TimeUnit.SECONDS)
  void certificate(byte[] der) {
    X509Certificate certificate;
    try {
      certificate =
          (X509Certificate)
              CertificateFactory.getInstance("X.509")
                  .generateCertificate(new ByteArrayInputStream(der));
    } catch (CertificateException | RuntimeException notACertificate) {
      return; // the JDK's parser refused it: the verifier never sees such bytes
    }
    if (certificate == null) {
      return;
    }
    verifyOnlyFailsWithItsOwnException(certificate);
  }

  @FuzzTest(maxDuration = "30s")
  @Timeout(value = 10, unit = TimeUnit.SECONDS)
  void extension(byte[] extensionValue) {
    verifyOnlyFailsWithItsOwnException(certificateWithExtension(extensionValue));
  }

  @Test
  void anExtensionClaimingTwoGigabytesIsRefusedQuickly() {
    // SEQUENCE whose long-form length says 0x7fffffff bytes, followed by three.
    byte[] hostile = {0x30, (byte) 0x84, 0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff, 4, 1, 0};
    X509Certificate certificate = certificateWithExtension(hostile);
    assertTimeoutPreemptively(
        Duration.ofSeconds(2),
        () ->
            assertThatThrownBy(
                    () -> PeerCertificateVerifier.verify(new X509Certificate[] {certificate}, NOW))
                .isInstanceOf(PeerCertificateException.class)
                .hasMessageContaining("libp2p extension"));
  }

  @Test
  void anOctetStringClaimingTwoGigabytesInsideTheSignedKeyIsRefusedQuickly() {
    byte[] hostile = {0x30, 0x06, 0x04, (byte) 0x84, 0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff};
    X509Certificate certificate = certificateWithExtension(hostile);
    assertTimeoutPreemptively(
        Duration.ofSeconds(2),
        () ->
            assertThatThrownBy(
                    () -> PeerCertificateVerifier.verify(new X509Certificate[] {certificate}, NOW))
                .isInstanceOf(PeerCertificateException.class));
  }

  @Test
  void theHarnessCertificateIsWellFormedAndSelfSigned() throws Exception {
    X509Certificate certificate = certificateWithExtension(new byte[] {0x30, 0});
    certificate.verify(certificate.getPublicKey());
    certificate.checkValidity(Date.from(NOW));
    assertThat(certificate.getCriticalExtensionOIDs())
        .containsExactly(IdentityCertificates.EXTENSION_OID);
  }

  private static void verifyOnlyFailsWithItsOwnException(X509Certificate certificate) {
    try {
      assertThat(PeerCertificateVerifier.verify(new X509Certificate[] {certificate}, NOW))
          .isNotNull();
    } catch (PeerCertificateException expected) {
      assertThat(expected.getMessage()).isNotBlank();
    }
  }

  /**
   * A certificate for {@link #KEYS}, valid around {@link #NOW}, self-signed with ECDSA P-256, whose
   * only extension is the critical libp2p one with {@code extensionValue} as its value.
   */
  static X509Certificate certificateWithExtension(byte[] extensionValue) {
    try {
      AlgorithmIdentifier ecdsaSha256 =
          new AlgorithmIdentifier(new ASN1ObjectIdentifier("1.2.840.10045.4.3.2"));
      X500Name name = new X500Name("CN=sovereign-mesh-fuzz");
      V3TBSCertificateGenerator tbs = new V3TBSCertificateGenerator();
      tbs.setSerialNumber(new ASN1Integer(BigInteger.ONE));
      tbs.setSignature(ecdsaSha256);
      tbs.setIssuer(name);
      tbs.setSubject(name);
      tbs.setStartDate(new Time(Date.from(NOW.minus(Duration.ofHours(1)))));
      tbs.setEndDate(new Time(Date.from(NOW.plus(Duration.ofHours(1)))));
      tbs.setSubjectPublicKeyInfo(SubjectPublicKeyInfo.getInstance(KEYS.getPublic().getEncoded()));
      tbs.setExtensions(
          new Extensions(
              new Extension(
                  new ASN1ObjectIdentifier(IdentityCertificates.EXTENSION_OID),
                  true,
                  new DEROctetString(extensionValue))));
      TBSCertificate toBeSigned = tbs.generateTBSCertificate();
      Signature signer = Signature.getInstance("SHA256withECDSA");
      signer.initSign(KEYS.getPrivate());
      signer.update(toBeSigned.getEncoded(ASN1Encoding.DER));
      byte[] der =
          new DERSequence(
                  new ASN1Encodable[] {toBeSigned, ecdsaSha256, new DERBitString(signer.sign())})
              .getEncoded(ASN1Encoding.DER);
      return (X509Certificate)
          CertificateFactory.getInstance("X.509")
              .generateCertificate(new ByteArrayInputStream(der));
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot build the harness certificate", e);
    }
  }

  private static KeyPair newKeyPair() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
