package sovereign.deploy;

import java.security.cert.X509Certificate;

/**
 * A trusted publisher: its alias in the trust store, what it may sign, its certificate and the
 * certificate's SHA-256 fingerprint.
 */
public record Publisher(
    String alias, Scope scope, X509Certificate certificate, String fingerprint) {

  public Publisher(String alias, Scope scope, X509Certificate certificate) {
    this(alias, scope, certificate, Fingerprints.of(certificate));
  }
}
