package sovereign.mesh.gossip;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The periodic maintenance of gossipsub-v1.0 §Heartbeat and gossipsub-v1.1 §Heartbeat Maintenance,
 * in this order: score decay and expiry of caches, backoffs, bans and IWANT promises (a broken
 * promise is a P₇ penalty); bans of peers under the ban threshold; mesh maintenance; fanout
 * maintenance; gossip emission; message cache shift.
 */
final class Heartbeat {

  private final RouterState s;

  Heartbeat(RouterState state) {
    this.s = state;
  }

  void run() {
    long now = s.now();
    s.scores.decay();
    s.seen.expire(now);
    s.backoffs.expire(now);
    s.banned.values().removeIf(until -> now >= until);
    for (PeerKey peer : s.promises.expire(now, s.seen::contains)) {
      s.scores.behaviourPenalty(peer, 1, "advertised a message in IHAVE and did not send it");
    }
    s.iwantServed.clear();
    s.ihaveHeeded.clear();
    s.ihaveRequested.clear();
    for (PeerKey peer : new ArrayList<>(s.peers.keySet())) {
      s.checkBan(peer);
    }
    for (String topic : s.mesh.keySet()) {
      maintainMesh(topic);
    }
    maintainFanout(now);
    emitGossip();
    s.mcache.shift();
  }

  /**
   * Prunes negative-score peers; below {@code dLow}, grafts random peers with non-negative score
   * and no backoff up to {@code d}; above {@code dHigh}, keeps the {@code dScore} best-scoring and
   * random others up to {@code d}, and prunes the rest (v1.1 §Heartbeat Maintenance).
   */
  private void maintainMesh(String topic) {
    Set<PeerKey> mesh = s.mesh.get(topic);
    Duration backoff = s.params.pruneBackoff();
    for (PeerKey peer : new ArrayList<>(mesh)) {
      if (s.score(peer) < 0) {
        s.prune(topic, peer, backoff);
      }
    }
    if (mesh.size() < s.params.dLow()) {
      long now = s.now();
      for (PeerKey peer : s.shuffled(s.topicPeers(topic))) {
        if (mesh.size() >= s.params.d()) {
          break;
        }
        if (!mesh.contains(peer) && s.backoffs.mayGraft(topic, peer, now) && s.score(peer) >= 0) {
          s.graft(topic, peer);
        }
      }
    }
    if (mesh.size() > s.params.dHigh()) {
      List<PeerKey> byScore = s.shuffled(mesh);
      byScore.sort(Comparator.comparingDouble(s::score).reversed());
      Set<PeerKey> keep = new LinkedHashSet<>(byScore.subList(0, s.params.dScore()));
      for (PeerKey peer : s.shuffled(byScore.subList(s.params.dScore(), byScore.size()))) {
        if (keep.size() >= s.params.d()) {
          break;
        }
        keep.add(peer);
      }
      for (PeerKey peer : byScore) {
        if (!keep.contains(peer)) {
          s.prune(topic, peer, backoff);
        }
      }
    }
  }

  /**
   * Forgets fanout topics not published to for {@code fanoutTtl}; drops fanout peers that left the
   * topic or fell under the publish threshold, and tops up to {@code d} (v1.0 §Fanout Maintenance).
   */
  private void maintainFanout(long now) {
    for (String topic : new ArrayList<>(s.fanout.keySet())) {
      Long last = s.fanoutLastPublished.get(topic);
      if (last == null || now - last >= s.params.fanoutTtl().toMillis()) {
        s.fanout.remove(topic);
        s.fanoutLastPublished.remove(topic);
        continue;
      }
      Set<PeerKey> fanout = s.fanout.get(topic);
      fanout.removeIf(
          peer ->
              !s.peers.getOrDefault(peer, Set.of()).contains(topic)
                  || s.score(peer) < s.params.publishThreshold());
      for (PeerKey peer : s.shuffled(s.topicPeers(topic))) {
        if (fanout.size() >= s.params.d()) {
          break;
        }
        if (s.score(peer) >= s.params.publishThreshold()) {
          fanout.add(peer);
        }
      }
    }
  }

  /**
   * IHAVE with the ids of the newest {@code historyGossip} windows to {@code max(dLazy,
   * gossipFactor × eligible)} random topic peers outside the mesh (or fanout) with a score at or
   * above the gossip threshold (v1.0 §Gossip Emission, v1.1 §Adaptive Gossip Dissemination).
   */
  private void emitGossip() {
    Set<String> topics = new LinkedHashSet<>(s.mesh.keySet());
    topics.addAll(s.fanout.keySet());
    for (String topic : topics) {
      List<MessageId> ids = s.mcache.gossipIds(topic);
      if (ids.isEmpty()) {
        continue;
      }
      Set<PeerKey> exclude = s.mesh.containsKey(topic) ? s.mesh.get(topic) : s.fanout.get(topic);
      List<PeerKey> eligible = new ArrayList<>();
      for (PeerKey peer : s.topicPeers(topic)) {
        if (!exclude.contains(peer) && s.score(peer) >= s.params.gossipThreshold()) {
          eligible.add(peer);
        }
      }
      int n = Math.max(s.params.dLazy(), (int) (s.params.gossipFactor() * eligible.size()));
      List<PeerKey> targets = s.shuffled(eligible);
      for (PeerKey peer : targets.subList(0, Math.min(n, targets.size()))) {
        List<MessageId> advertised = ids;
        if (ids.size() > s.params.maxIHaveLength()) {
          advertised = s.shuffled(ids).subList(0, s.params.maxIHaveLength());
        }
        s.out.ihave(peer, topic, List.copyOf(advertised));
      }
    }
  }
}
