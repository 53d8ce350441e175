package sovereign.mesh.gossip;

import java.util.HashMap;
import java.util.Map;

/**
 * PRUNE backoff per (topic, peer), gossipsub-v1.1 §PRUNE Backoff and Peer Exchange, honoured on
 * both sides: after a PRUNE either way we do not GRAFT the peer until the backoff is over plus one
 * heartbeat of slack (so clock skew and latency cannot make an honest re-GRAFT land early), and a
 * GRAFT the peer sends before the backoff is over is penalised.
 */
final class Backoffs {

  private record Key(String topic, PeerKey peer) {}

  private final long slackMillis;
  private final Map<Key, Long> expiry = new HashMap<>();

  Backoffs(long slackMillis) {
    this.slackMillis = slackMillis;
  }

  /** Starts or extends a backoff (never shortens one). */
  void add(String topic, PeerKey peer, long until) {
    expiry.merge(new Key(topic, peer), until, Math::max);
  }

  /** Whether a GRAFT from the peer now breaks the backoff. */
  boolean violated(String topic, PeerKey peer, long now) {
    Long until = expiry.get(new Key(topic, peer));
    return until != null && now < until;
  }

  /** Whether we may GRAFT the peer now: no backoff, or it ended at least the slack ago. */
  boolean mayGraft(String topic, PeerKey peer, long now) {
    Long until = expiry.get(new Key(topic, peer));
    return until == null || now >= until + slackMillis;
  }

  /** Forgets backoffs that ended more than the slack ago. */
  void expire(long now) {
    expiry.values().removeIf(until -> now >= until + slackMillis);
  }
}
