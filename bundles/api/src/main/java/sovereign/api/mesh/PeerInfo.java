package sovereign.api.mesh;

import java.net.InetSocketAddress;
import java.time.Instant;
import sovereign.api.identity.NodeId;

/**
 * One connected peer.
 *
 * @param nodeId the node, as proven in the TLS handshake
 * @param address its IP address and port
 * @param score its gossip score (GossipSub v1.1): 0 for a new peer, higher for a useful one,
 *     negative for one that misbehaves; it is banned below -150
 * @param handshakeRttMillis the time from TCP connect to the end of the handshake on our side
 * @param connectedSince when the connection opened
 */
public record PeerInfo(
    NodeId nodeId,
    InetSocketAddress address,
    double score,
    long handshakeRttMillis,
    Instant connectedSince) {}
