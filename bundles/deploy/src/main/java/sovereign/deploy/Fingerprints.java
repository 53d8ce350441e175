package sovereign.deploy;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Pattern;

/** SHA-256 fingerprints of certificates: 64 lower-case hex digits over the DER encoding. */
public final class Fingerprints {

  private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");

  private Fingerprints() {}

  /** The SHA-256 fingerprint of a certificate's DER encoding, in lower-case hex. */
  public static String of(X509Certificate certificate) {
    try {
      return HexFormat.of()
          .formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
    } catch (CertificateEncodingException | NoSuchAlgorithmException e) {
      throw new IllegalStateException(
          "cannot fingerprint " + certificate.getSubjectX500Principal(), e);
    }
  }

  /**
   * Reads a fingerprint as operators copy it: hex digits in either case, with or without colons (as
   * keytool prints them).
   *
   * @throws IllegalArgumentException unless it is 32 bytes of hex
   */
  public static String normalize(String text) {
    String hex = text.strip().replace(":", "").toLowerCase(Locale.ROOT);
    if (!HEX64.matcher(hex).matches()) {
      throw new IllegalArgumentException(
          "'" + text + "' is not a SHA-256 fingerprint (64 hex digits, colons allowed)");
    }
    return hex;
  }
}
