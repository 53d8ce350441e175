package sovereign.mesh.heartbeat;

import java.time.Duration;
import java.util.Optional;
import java.util.SortedMap;
import sovereign.api.identity.NodeId;

/**
 * What this node knows of a peer from its heartbeats (a row of {@code mesh:heartbeats}).
 *
 * @param node the peer
 * @param connected whether it is connected to this node now (beats also arrive through others)
 * @param lastBeatAge how long ago its last beat arrived, by this node's clock
 * @param beats how many of its beats arrived since this node started
 * @param missed how many intervals have passed since its last beat (0 while it beats on time)
 * @param health the fraction of the beats expected over the last 10 intervals that arrived, 0 to 1
 *     (over less time for a peer heard of more recently)
 * @param sequence the sequence number of its last beat
 * @param nodeVersion its version, from its last beat
 * @param bundles its sovereign.* bundles and their versions, from its last beat
 * @param ledgerHead the head of its own ledger chain, from its last beat
 * @param evictions how many times this node disconnected it for silence
 */
public record PeerHeartbeat(
    NodeId node,
    boolean connected,
    Duration lastBeatAge,
    long beats,
    long missed,
    double health,
    long sequence,
    String nodeVersion,
    SortedMap<String, String> bundles,
    Optional<Beat.LedgerHead> ledgerHead,
    int evictions) {}
