package sovereign.mesh.transport;

/**
 * What a {@link MeshTransport} reports, for connections in both directions. Called on the
 * connection's network thread, in order for one connection: {@code opened}, any number of {@code
 * frame}, then {@code closed}; {@code misbehaved} comes before the {@code closed} it causes. Must
 * not block. An exception thrown from a method closes that connection. All methods do nothing by
 * default.
 */
public interface MeshListener {

  /** A connection passed every stage (dialled or accepted). */
  default void opened(PeerConnection connection) {}

  /** A whole frame arrived; {@code frame} is the caller's to keep. */
  default void frame(PeerConnection connection, byte[] frame) {}

  /** An opened connection closed, for whatever reason. */
  default void closed(PeerConnection connection) {}

  /** A peer broke the protocol; its connection is being closed. */
  default void misbehaved(Misbehaviour misbehaviour) {}
}
