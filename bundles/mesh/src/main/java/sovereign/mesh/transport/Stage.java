package sovereign.mesh.transport;

/** The layers a mesh connection passes, in order; a failed connection names the one that failed. */
public enum Stage {
  /** The TCP connection could not be made: nothing listens, unreachable, or connect timed out. */
  TCP,
  /**
   * The swarm-key gate: the peer sent no 24-byte nonce, or what followed it was not TLS, which is
   * what a peer with another swarm key looks like (see {@link TlsRecordSniffer}).
   */
  SWARM_KEY,
  /** The TLS 1.3 handshake failed for a reason other than the peer's identity. */
  TLS,
  /** The peer's certificate proves no node, or another node than the one dialled. */
  IDENTITY,
  /** The peer proved its identity, but {@link PeerAdmission} refused it. */
  ADMISSION,
  /** Every stage passed: the connection is open. */
  CONNECTED
}
