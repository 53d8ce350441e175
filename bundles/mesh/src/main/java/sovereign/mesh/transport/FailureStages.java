package sovereign.mesh.transport;

import java.net.InetSocketAddress;

/**
 * Names the stage at which a connection failed before it opened, from what the lower handlers saw
 * and the cause that ended it. The order of the checks matters:
 *
 * <ol>
 *   <li>our trust manager refused the peer's node: {@link Stage#ADMISSION};
 *   <li>our trust manager refused the peer's certificate: {@link Stage#IDENTITY};
 *   <li>the first bytes after the peer's nonce were not TLS: {@link Stage#SWARM_KEY} (another key);
 *   <li>the peer never sent its whole 24-byte nonce: {@link Stage#SWARM_KEY} (not a mesh node);
 *   <li>the peer sent its nonce, then closed without a single byte after it: {@link
 *       Stage#SWARM_KEY}. A mesh node with our key always answers a TLS hello with a TLS record
 *       (its hello or an alert); one with another key reads our hello as noise and drops us, which
 *       is exactly this picture. (A listener sees this when a dialler gives up before its hello.)
 *   <li>anything else, such as a TLS alert from the peer or a protocol error: {@link Stage#TLS}.
 * </ol>
 */
final class FailureStages {

  private FailureStages() {}

  static ConnectFailedException classify(
      ConnectionHandler.Layers layers,
      boolean outbound,
      InetSocketAddress remote,
      Throwable cause) {
    AdmissionRefusedException refused =
        ConnectionHandler.find(cause, AdmissionRefusedException.class);
    if (refused != null) {
      return new ConnectFailedException(Stage.ADMISSION, remote, refused.getMessage(), cause);
    }
    PeerCertificateException identity =
        ConnectionHandler.find(cause, PeerCertificateException.class);
    if (identity != null) {
      return new ConnectFailedException(Stage.IDENTITY, remote, identity.getMessage(), cause);
    }
    SwarmKeyMismatchException mismatch =
        ConnectionHandler.find(cause, SwarmKeyMismatchException.class);
    if (mismatch != null) {
      return new ConnectFailedException(Stage.SWARM_KEY, remote, mismatch.getMessage(), cause);
    }
    if (!layers.gate().peerNonceReceived()) {
      return new ConnectFailedException(
          Stage.SWARM_KEY,
          remote,
          "the peer closed the connection before sending its 24-byte swarm-key nonce: it is not a"
              + " mesh node, or it dropped us",
          cause);
    }
    if (!layers.sniffer().sawBytes()) {
      return new ConnectFailedException(
          Stage.SWARM_KEY,
          remote,
          outbound
              ? "the peer sent its swarm-key nonce, then closed without answering our TLS hello:"
                  + " it could not read it, so it uses another swarm key"
              : "the peer sent its swarm-key nonce, then closed without sending a TLS hello",
          cause);
    }
    String message =
        cause == null ? "the connection closed during the TLS handshake" : cause.getMessage();
    return new ConnectFailedException(Stage.TLS, remote, "TLS handshake failed: " + message, cause);
  }
}
