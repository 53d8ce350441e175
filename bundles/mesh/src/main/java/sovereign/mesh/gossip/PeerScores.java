package sovereign.mesh.gossip;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Peer scoring after gossipsub-v1.1 §Peer Scoring, simplified: the same parameters for every topic
 * (topic weight 1) and only the parts that need no application knowledge.
 *
 * <pre>
 * score(p) = min(topicScoreCap, Σ_t  w₁·min(P₁, cap₁) + w₂·min(P₂, cap₂) + w₄·P₄²)
 *          + w₇·max(0, P₇ − threshold₇)²
 * </pre>
 *
 * P₁ time in mesh (in quanta, while in our mesh), P₂ first message deliveries, P₄ invalid messages
 * (bad signature, forged origin, validator REJECT), P₇ behaviour penalty (GRAFT during backoff,
 * broken IHAVE promise, malformed RPC). Counters decay once per heartbeat (§Parameter Decay) and
 * fall to 0 under {@code decayToZero}. A disconnected peer's counters are kept for {@code
 * retainScore}, so reconnecting does not wash a bad score (§Score Retention).
 */
final class PeerScores {

  private static final class TopicStats {
    boolean inMesh;
    long graftedAt;
    double firstDeliveries;
    double invalidDeliveries;
  }

  private static final class Stats {
    final Map<String, TopicStats> topics = new LinkedHashMap<>();
    double behaviourPenalty;
    boolean connected;
    long disconnectedAt;
    String lastOffence = "";

    TopicStats topic(String topic) {
      return topics.computeIfAbsent(topic, t -> new TopicStats());
    }
  }

  private final GossipParams p;
  private final Clock clock;
  private final Map<PeerKey, Stats> stats = new LinkedHashMap<>();

  PeerScores(GossipParams params, Clock clock) {
    this.p = params;
    this.clock = clock;
  }

  void connected(PeerKey peer) {
    stats.computeIfAbsent(peer, k -> new Stats()).connected = true;
  }

  void disconnected(PeerKey peer) {
    Stats s = stats.get(peer);
    if (s != null) {
      s.connected = false;
      s.disconnectedAt = clock.nowMillis();
      s.topics.values().forEach(t -> t.inMesh = false);
    }
  }

  void graft(PeerKey peer, String topic) {
    TopicStats t = stats(peer).topic(topic);
    t.inMesh = true;
    t.graftedAt = clock.nowMillis();
  }

  void prune(PeerKey peer, String topic) {
    stats(peer).topic(topic).inMesh = false;
  }

  /** P₂: the peer was the first to deliver a valid message. */
  void firstDelivery(PeerKey peer, String topic) {
    TopicStats t = stats(peer).topic(topic);
    t.firstDeliveries = Math.min(t.firstDeliveries + 1, p.firstMessageDeliveriesCap());
  }

  /** P₄: the peer sent an invalid message on the topic. */
  void invalidMessage(PeerKey peer, String topic, String why) {
    Stats s = stats(peer);
    s.topic(topic).invalidDeliveries += 1;
    s.lastOffence = "invalid message on " + topic + ": " + why;
  }

  /** P₇: misbehaviour outside a message. */
  void behaviourPenalty(PeerKey peer, double amount, String why) {
    Stats s = stats(peer);
    s.behaviourPenalty += amount;
    s.lastOffence = why;
  }

  String lastOffence(PeerKey peer) {
    Stats s = stats.get(peer);
    return s == null ? "" : s.lastOffence;
  }

  /** The score; 0 for a peer with no record. */
  double score(PeerKey peer) {
    Stats s = stats.get(peer);
    if (s == null) {
      return 0;
    }
    double topics = 0;
    long now = clock.nowMillis();
    for (TopicStats t : s.topics.values()) {
      topics += topicScore(t, now);
    }
    if (p.topicScoreCap() > 0 && topics > p.topicScoreCap()) {
      topics = p.topicScoreCap();
    }
    return topics + behaviourScore(s);
  }

  /** One heartbeat of decay, and forgetting peers gone longer than {@code retainScore}. */
  void decay() {
    long now = clock.nowMillis();
    stats
        .values()
        .removeIf(s -> !s.connected && now - s.disconnectedAt >= p.retainScore().toMillis());
    for (Stats s : stats.values()) {
      s.behaviourPenalty = decayed(s.behaviourPenalty, p.behaviourPenaltyDecay());
      for (TopicStats t : s.topics.values()) {
        t.firstDeliveries = decayed(t.firstDeliveries, p.firstMessageDeliveriesDecay());
        t.invalidDeliveries = decayed(t.invalidDeliveries, p.invalidMessageDeliveriesDecay());
      }
    }
  }

  /** The breakdown, or null for a peer with no record. */
  PeerScoreView view(PeerKey peer) {
    Stats s = stats.get(peer);
    if (s == null) {
      return null;
    }
    long now = clock.nowMillis();
    List<PeerScoreView.Topic> topics = new ArrayList<>();
    s.topics.forEach(
        (topic, t) ->
            topics.add(
                new PeerScoreView.Topic(
                    topic,
                    t.inMesh,
                    t.inMesh ? (now - t.graftedAt) / 1000.0 : 0,
                    t.firstDeliveries,
                    t.invalidDeliveries,
                    topicScore(t, now))));
    return new PeerScoreView(
        peer,
        score(peer),
        s.connected,
        s.behaviourPenalty,
        behaviourScore(s),
        topics,
        s.lastOffence);
  }

  List<PeerKey> known() {
    return new ArrayList<>(stats.keySet());
  }

  private Stats stats(PeerKey peer) {
    return stats.computeIfAbsent(peer, k -> new Stats());
  }

  private double topicScore(TopicStats t, long now) {
    double score = 0;
    if (t.inMesh) {
      double quanta = (double) (now - t.graftedAt) / p.timeInMeshQuantum().toMillis();
      score += p.timeInMeshWeight() * Math.min(quanta, p.timeInMeshCap());
    }
    score += p.firstMessageDeliveriesWeight() * t.firstDeliveries;
    score += p.invalidMessageDeliveriesWeight() * t.invalidDeliveries * t.invalidDeliveries;
    return score;
  }

  private double behaviourScore(Stats s) {
    double excess = s.behaviourPenalty - p.behaviourPenaltyThreshold();
    return excess > 0 ? p.behaviourPenaltyWeight() * excess * excess : 0;
  }

  private double decayed(double value, double factor) {
    double v = value * factor;
    return v < p.decayToZero() ? 0 : v;
  }
}
