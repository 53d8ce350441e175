package sovereign.mesh.gossip;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The router's state (gossipsub-v1.0 §Router State: peers and their topics, mesh, fanout, caches)
 * and the few operations every handler needs: GRAFT, PRUNE, forgetting and banning a peer. Shared
 * by {@link MessagePipeline}, {@link ControlHandler} and {@link Heartbeat}; single-threaded like
 * the router.
 *
 * <p>Every collection that is iterated keeps insertion order, so that with the same clock, random
 * seed and inputs two runs make the same choices.
 */
final class RouterState {

  /** Topics one peer may announce; later announcements are ignored (bounded memory per peer). */
  static final int MAX_TOPICS_PER_PEER = RpcCodec.MAX_SUBSCRIPTIONS;

  final GossipParams params;
  final GossipEnvironment env;
  final PeerKey self;
  final RpcCodec codec;
  final Set<String> subscriptions = new LinkedHashSet<>();
  final Map<PeerKey, Set<String>> peers = new LinkedHashMap<>();
  final Map<String, Set<PeerKey>> mesh = new LinkedHashMap<>();
  final Map<String, Set<PeerKey>> fanout = new LinkedHashMap<>();
  final Map<String, Long> fanoutLastPublished = new HashMap<>();
  final Map<String, Validator> validators = new HashMap<>();
  final Map<PeerKey, Long> banned = new LinkedHashMap<>();
  final Backoffs backoffs;
  final PeerScores scores;
  final MessageCache mcache;
  final SeenCache seen;
  final Promises promises = new Promises();
  final OutboundBatch out;

  /** Per-heartbeat counters (gossipsub-v1.1 §Spam Protection Measures); reset each heartbeat. */
  final Map<PeerKey, Integer> iwantServed = new HashMap<>();

  final Map<PeerKey, Integer> ihaveHeeded = new HashMap<>();
  final Map<PeerKey, Integer> ihaveRequested = new HashMap<>();

  RouterState(GossipParams params, GossipEnvironment env) {
    this.params = params;
    this.env = env;
    this.self = env.signer().publicKey();
    this.codec = RpcCodec.of(params);
    this.backoffs = new Backoffs(params.heartbeatInterval().toMillis());
    this.scores = new PeerScores(params, env.clock());
    this.mcache = new MessageCache(params.historyLength(), params.historyGossip());
    this.seen = new SeenCache(params.seenTtl().toMillis());
    this.out = new OutboundBatch(params.maxFrameBytes());
  }

  long now() {
    return env.clock().nowMillis();
  }

  double score(PeerKey peer) {
    return scores.score(peer);
  }

  /** Connected peers that announced {@code topic}, in connection order. */
  List<PeerKey> topicPeers(String topic) {
    List<PeerKey> result = new ArrayList<>();
    peers.forEach(
        (peer, topics) -> {
          if (topics.contains(topic)) {
            result.add(peer);
          }
        });
    return result;
  }

  /** A shuffled copy, using the injected random source. */
  <T> List<T> shuffled(Collection<T> items) {
    List<T> list = new ArrayList<>(items);
    for (int i = list.size() - 1; i > 0; i--) {
      Collections.swap(list, i, env.random().nextInt(i + 1));
    }
    return list;
  }

  /** Adds a peer to our mesh for a topic and tells it (gossipsub-v1.0 §GRAFT). */
  void graft(String topic, PeerKey peer) {
    if (mesh.computeIfAbsent(topic, t -> new LinkedHashSet<>()).add(peer)) {
      scores.graft(peer, topic);
      out.graft(peer, topic);
    }
  }

  /**
   * Removes a peer from our mesh (if there), starts our side of the backoff and tells it with PRUNE
   * carrying that backoff (gossipsub-v1.1 §PRUNE Backoff and Peer Exchange).
   */
  void prune(String topic, PeerKey peer, Duration backoff) {
    Set<PeerKey> m = mesh.get(topic);
    if (m != null && m.remove(peer)) {
      scores.prune(peer, topic);
    }
    backoffs.add(topic, peer, now() + backoff.toMillis());
    out.prune(peer, topic, ceilSeconds(backoff));
  }

  /** Drops every piece of peering state for a peer; its score record is retained. */
  void forget(PeerKey peer) {
    peers.remove(peer);
    mesh.values().forEach(m -> m.remove(peer));
    fanout.values().forEach(f -> f.remove(peer));
    scores.disconnected(peer);
    out.discard(peer);
  }

  boolean isBanned(PeerKey peer) {
    Long until = banned.get(peer);
    return until != null && now() < until;
  }

  /** Bans the peer if its score is under the ban threshold; true if it is banned now. */
  boolean checkBan(PeerKey peer) {
    if (isBanned(peer)) {
      return true;
    }
    double score = score(peer);
    if (score >= params.banThreshold()) {
      return false;
    }
    banned.put(peer, now() + params.banDuration().toMillis());
    forget(peer);
    env.banListener()
        .ban(
            peer,
            String.format(
                Locale.ROOT,
                "gossip score %.2f is below the ban threshold %.2f; last offence: %s",
                score,
                params.banThreshold(),
                scores.lastOffence(peer)));
    return true;
  }

  static long ceilSeconds(Duration d) {
    long millis = d.toMillis();
    return (millis + 999) / 1000;
  }
}
