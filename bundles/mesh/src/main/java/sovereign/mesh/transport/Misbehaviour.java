package sovereign.mesh.transport;

import java.net.InetSocketAddress;
import java.util.Optional;
import sovereign.api.identity.NodeId;

/**
 * A peer broke the wire protocol and its connection was closed for it; nothing else is affected.
 * Reported to {@link MeshListener#misbehaved} so the layer above can penalise the peer.
 *
 * @param peer the node, when the handshake had proved it; empty for a peer dropped before that
 * @param remote its address
 * @param kind what it did
 * @param detail a sentence with the numbers, for logs
 */
public record Misbehaviour(
    Optional<NodeId> peer, InetSocketAddress remote, Kind kind, String detail) {

  /** What a peer did wrong. */
  public enum Kind {
    /** A frame header announced more bytes than the frame limit. */
    OVERSIZED_FRAME,
    /** The connection ended in the middle of a frame. */
    TRUNCATED_FRAME,
    /** After the handshake, bytes arrived that are not a valid TLS record (garbage, tampering). */
    CORRUPT_RECORD,
    /** A request/response frame did not decode (reported by the mesh, not the transport). */
    MALFORMED_REQUEST,
    /** The peer did not finish the swarm-key exchange and TLS handshake within the timeout. */
    HANDSHAKE_TIMEOUT
  }
}
