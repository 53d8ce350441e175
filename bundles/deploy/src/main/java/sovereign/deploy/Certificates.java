package sovereign.deploy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.EdECPublicKey;
import java.util.Base64;

/** Reads and writes publisher certificates: X.509, PEM or DER, Ed25519 or ECDSA keys only. */
final class Certificates {

  private Certificates() {}

  /**
   * Reads one X.509 certificate, PEM ({@code -----BEGIN CERTIFICATE-----}) or DER.
   *
   * @throws IllegalArgumentException if it is not a certificate or its key is neither Ed25519 nor
   *     EC
   */
  static X509Certificate read(byte[] bytes, String source) {
    X509Certificate certificate;
    try {
      certificate =
          (X509Certificate)
              CertificateFactory.getInstance("X.509")
                  .generateCertificate(new ByteArrayInputStream(bytes));
    } catch (CertificateException | ClassCastException e) {
      throw new IllegalArgumentException(
          source + " is not an X.509 certificate: " + e.getMessage(), e);
    }
    PublicKey key = certificate.getPublicKey();
    boolean ed25519 =
        key instanceof EdECPublicKey ed && ed.getParams().getName().equalsIgnoreCase("Ed25519");
    if (!ed25519 && !(key instanceof ECPublicKey)) {
      throw new IllegalArgumentException(
          source
              + " holds a "
              + key.getAlgorithm()
              + " key; a publisher's certificate must hold an Ed25519 or EC (ECDSA) key");
    }
    return certificate;
  }

  /** The certificate in PEM. */
  static byte[] pem(X509Certificate certificate) {
    try {
      String body =
          Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
              .encodeToString(certificate.getEncoded());
      return ("-----BEGIN CERTIFICATE-----\n" + body + "\n-----END CERTIFICATE-----\n")
          .getBytes(StandardCharsets.US_ASCII);
    } catch (CertificateEncodingException e) {
      throw new IllegalStateException(e);
    }
  }
}
