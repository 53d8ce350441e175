package sovereign.mesh.transport;

import sovereign.api.identity.NodeId;

/**
 * Decides whether a peer that proved its identity in the TLS handshake may connect, in either
 * direction. It runs inside the handshake (in the trust manager), so a refused peer never gets a
 * connection: when we dial, we refuse before our own certificate is sent; when we listen, the
 * handshake fails with a TLS alert.
 *
 * <p>Called on a network thread: it must answer quickly and not block.
 */
@FunctionalInterface
public interface PeerAdmission {

  /** Whether {@code peer} may connect. */
  boolean admit(NodeId peer);

  /**
   * Why {@code peer} was refused, for logs and the dialler's error; called only after a refusal.
   */
  default String reason(NodeId peer) {
    return "refused by the admission policy";
  }

  /** Admits every node that holds the swarm key and proves an identity. */
  static PeerAdmission everyone() {
    return peer -> true;
  }
}
