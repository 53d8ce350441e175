package sovereign.mesh.transport;

import sovereign.api.identity.NodeId;

/**
 * The peer proved its identity, but {@link PeerAdmission} refused it (banned, or unknown while the
 * swarm is closed). Thrown by the trust manager, so the handshake is aborted.
 */
public final class AdmissionRefusedException extends PeerCertificateException {

  private static final long serialVersionUID = 1L;

  private final transient NodeId peer;

  public AdmissionRefusedException(NodeId peer, String reason) {
    super("peer " + peer + " is not admitted: " + reason);
    this.peer = peer;
  }

  /** The refused node. */
  public NodeId peer() {
    return peer;
  }
}
