package sovereign.mesh.gossip;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Subscription announcements and the four control messages, as received from a peer (gossipsub-v1.0
 * §Control Messages, with the v1.1 hardening of §PRUNE Backoff and Peer Exchange, §Score Thresholds
 * and §Spam Protection Measures).
 */
final class ControlHandler {

  private final RouterState s;

  ControlHandler(RouterState state) {
    this.s = state;
  }

  /** SUBSCRIBE / UNSUBSCRIBE: a peer that leaves a topic leaves our mesh and fanout for it. */
  void onSubscription(PeerKey from, Rpc.Subscription sub) {
    Set<String> topics = s.peers.get(from);
    if (sub.subscribe()) {
      if (topics.size() < RouterState.MAX_TOPICS_PER_PEER) {
        topics.add(sub.topic());
      }
      return;
    }
    topics.remove(sub.topic());
    Set<PeerKey> m = s.mesh.get(sub.topic());
    if (m != null && m.remove(from)) {
      s.scores.prune(from, sub.topic());
    }
    Set<PeerKey> f = s.fanout.get(sub.topic());
    if (f != null) {
      f.remove(from);
    }
  }

  /**
   * GRAFT: accept into the mesh unless the topic is not ours (ignored, as go-libp2p-pubsub does, to
   * reveal nothing), the peer is in backoff (P₇ penalty and PRUNE, v1.1 §PRUNE Backoff), its score
   * is negative, or our mesh is already at {@code dHigh} (PRUNE).
   */
  void onGraft(PeerKey from, String topic) {
    if (!s.subscriptions.contains(topic)) {
      return;
    }
    Set<PeerKey> m = s.mesh.computeIfAbsent(topic, t -> new LinkedHashSet<>());
    if (m.contains(from)) {
      return;
    }
    if (s.backoffs.violated(topic, from, s.now())) {
      s.scores.behaviourPenalty(from, 1, "GRAFT during backoff on " + topic);
      s.prune(topic, from, s.params.pruneBackoff());
      return;
    }
    if (s.score(from) < 0 || m.size() >= s.params.dHigh()) {
      s.prune(topic, from, s.params.pruneBackoff());
      return;
    }
    Set<String> topics = s.peers.get(from);
    if (topics.size() < RouterState.MAX_TOPICS_PER_PEER) {
      topics.add(topic); // a GRAFT implies the subscription
    }
    m.add(from);
    s.scores.graft(from, topic);
  }

  /** PRUNE: leave the peer's mesh and do not GRAFT it again before its backoff is over. */
  void onPrune(PeerKey from, Rpc.Prune prune) {
    Set<PeerKey> m = s.mesh.get(prune.topic());
    if (m != null && m.remove(from)) {
      s.scores.prune(from, prune.topic());
    }
    long backoffMillis =
        prune.backoffSeconds() == 0
            ? s.params.pruneBackoff().toMillis()
            : prune.backoffSeconds() * 1000;
    s.backoffs.add(prune.topic(), from, s.now() + backoffMillis);
  }

  /**
   * IHAVE: ask with IWANT for ids we have not seen and nobody has promised yet; heed at most {@code
   * maxIHaveMessages} IHAVEs and ask for at most {@code maxIHaveLength} ids per peer per heartbeat;
   * nothing from peers under the gossip threshold. Every id asked for is a promise.
   */
  void onIHave(PeerKey from, Rpc.IHave ihave) {
    if (s.score(from) < s.params.gossipThreshold() || !s.subscriptions.contains(ihave.topic())) {
      return;
    }
    if (s.ihaveHeeded.merge(from, 1, Integer::sum) > s.params.maxIHaveMessages()) {
      return;
    }
    int budget = s.params.maxIHaveLength() - s.ihaveRequested.getOrDefault(from, 0);
    if (budget <= 0) {
      return;
    }
    Set<MessageId> wanted = new LinkedHashSet<>();
    for (MessageId id : ihave.ids()) {
      if (!s.seen.contains(id) && !s.promises.pending(id)) {
        wanted.add(id);
      }
    }
    List<MessageId> ask = new ArrayList<>(wanted);
    if (ask.size() > budget) {
      ask = s.shuffled(ask).subList(0, budget);
    }
    if (ask.isEmpty()) {
      return;
    }
    s.ihaveRequested.merge(from, ask.size(), Integer::sum);
    long deadline = s.now() + s.params.iwantFollowup().toMillis();
    for (MessageId id : ask) {
      s.promises.add(id, from, deadline);
    }
    s.out.iwant(from, List.copyOf(ask));
  }

  /**
   * IWANT: serve what is still in the message cache, at most {@code maxIWantPerHeartbeat} messages
   * per peer per heartbeat; nothing to peers under the gossip threshold.
   */
  void onIWant(PeerKey from, Rpc.IWant iwant) {
    if (s.score(from) < s.params.gossipThreshold()) {
      return;
    }
    for (MessageId id : iwant.ids()) {
      if (s.iwantServed.getOrDefault(from, 0) >= s.params.maxIWantPerHeartbeat()) {
        return;
      }
      s.mcache
          .get(id)
          .ifPresent(
              m -> {
                s.out.message(from, m);
                s.iwantServed.merge(from, 1, Integer::sum);
              });
    }
  }
}
