package sovereign.mesh.transport;

import java.security.cert.CertificateException;

/**
 * A peer's TLS certificate does not prove a node identity: not self-signed, out of its validity
 * window, without the libp2p extension, with a malformed extension or a binding signature that does
 * not verify, or naming another node than the one dialled. The message says which.
 *
 * <p>It is a {@link CertificateException} because the TLS trust manager throws it, which makes the
 * JDK abort the handshake; it stays in the cause chain of the handshake failure, which is how a
 * failed connection is attributed to the identity stage.
 */
public class PeerCertificateException extends CertificateException {

  private static final long serialVersionUID = 1L;

  public PeerCertificateException(String message) {
    super(message);
  }

  public PeerCertificateException(String message, Throwable cause) {
    super(message, cause);
  }
}
