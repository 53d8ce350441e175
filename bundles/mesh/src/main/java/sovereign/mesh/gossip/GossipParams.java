package sovereign.mesh.gossip;

import java.time.Duration;
import java.util.Objects;

/**
 * Every parameter of the router, with the defaults of gossipsub-v1.0 §Parameters and gossipsub-v1.1
 * §Peer Scoring where the spec gives one, and documented choices where it leaves them to the
 * application. Validated on construction: a bad combination is an {@link IllegalArgumentException}
 * naming the parameter. Build with {@link #builder()}; {@link #DEFAULTS} holds the defaults.
 *
 * <p>Overlay (gossipsub-v1.0 §Parameters): {@code d} 6, {@code dLow} 4, {@code dHigh} 12, {@code
 * dLazy} 6; {@code dScore} 4 peers kept by score when pruning an oversubscribed mesh and {@code
 * gossipFactor} 0.25 (gossipsub-v1.1 §Adaptive Gossip Dissemination); {@code floodPublish} true
 * (v1.1 §Flood Publishing).
 *
 * <p>Time: {@code heartbeatInterval} 1 s, {@code fanoutTtl} 60 s, {@code seenTtl} 2 min, {@code
 * pruneBackoff} 60 s, {@code unsubscribeBackoff} 10 s, {@code iwantFollowup} 3 s (a peer that
 * advertised an id in IHAVE must deliver within this after our IWANT, v1.1 §P₇).
 *
 * <p>Caches and gossip caps: {@code historyLength} 5, {@code historyGossip} 3 (v1.0 §Message
 * Cache); {@code maxIHaveLength} 5000 ids we ask one peer for per heartbeat, {@code
 * maxIHaveMessages} 10 IHAVEs we heed from one peer per heartbeat, {@code maxIWantPerHeartbeat} 64
 * messages we serve to one peer per heartbeat.
 *
 * <p>Wire: {@code maxPayloadBytes} 1 MiB, {@code maxFrameBytes} 4 MiB.
 *
 * <p>Score (a simplified v1.1 §The Score Function, one parameter set for every topic, topic weight
 * 1; P₃ mesh-delivery deficits, P₅ application score and P₆ IP colocation are not modelled): P₁
 * time in mesh weight 0.01 per {@code timeInMeshQuantum} 1 s, capped at 300 quanta; P₂ first
 * deliveries weight 1, cap 10, decay 0.995 per heartbeat; P₄ invalid messages weight -20 (squared),
 * decay 0.999; P₇ behaviour penalty weight -10 (squared excess over threshold 0), decay 0.99; the
 * positive topic part capped at 20; counters under {@code decayToZero} 0.01 become 0; a
 * disconnected peer's counters are kept for {@code retainScore} 10 min.
 *
 * <p>Thresholds (v1.1 §Score Thresholds; must satisfy ban ≤ graylist ≤ publish ≤ gossip ≤ 0):
 * gossip -10, publish -50, graylist -80, ban -150; a ban lasts {@code banDuration} 1 h in the
 * router (the persistence layer may keep it longer).
 */
public record GossipParams(
    int d,
    int dLow,
    int dHigh,
    int dLazy,
    int dScore,
    double gossipFactor,
    boolean floodPublish,
    Duration heartbeatInterval,
    Duration fanoutTtl,
    Duration seenTtl,
    Duration pruneBackoff,
    Duration unsubscribeBackoff,
    Duration iwantFollowup,
    int historyLength,
    int historyGossip,
    int maxIHaveLength,
    int maxIHaveMessages,
    int maxIWantPerHeartbeat,
    int maxPayloadBytes,
    int maxFrameBytes,
    double timeInMeshWeight,
    Duration timeInMeshQuantum,
    double timeInMeshCap,
    double firstMessageDeliveriesWeight,
    double firstMessageDeliveriesDecay,
    double firstMessageDeliveriesCap,
    double invalidMessageDeliveriesWeight,
    double invalidMessageDeliveriesDecay,
    double behaviourPenaltyWeight,
    double behaviourPenaltyThreshold,
    double behaviourPenaltyDecay,
    double topicScoreCap,
    double decayToZero,
    Duration retainScore,
    double gossipThreshold,
    double publishThreshold,
    double graylistThreshold,
    double banThreshold,
    Duration banDuration) {

  /** The defaults listed above. */
  public static final GossipParams DEFAULTS = builder().build();

  /** Validates every parameter. */
  public GossipParams {
    require(dLow >= 1, "dLow must be at least 1, not " + dLow);
    require(dLow <= d, "dLow (" + dLow + ") must not exceed d (" + d + ")");
    require(d <= dHigh, "d (" + d + ") must not exceed dHigh (" + dHigh + ")");
    require(dLazy >= 0, "dLazy must not be negative, not " + dLazy);
    require(dScore >= 0 && dScore <= d, "dScore must be 0..d, not " + dScore);
    require(
        gossipFactor >= 0 && gossipFactor <= 1, "gossipFactor must be 0..1, not " + gossipFactor);
    positive(heartbeatInterval, "heartbeatInterval");
    positive(fanoutTtl, "fanoutTtl");
    positive(seenTtl, "seenTtl");
    notNegative(pruneBackoff, "pruneBackoff");
    notNegative(unsubscribeBackoff, "unsubscribeBackoff");
    require(
        pruneBackoff.toSeconds() <= RpcCodec.MAX_BACKOFF_SECONDS
            && unsubscribeBackoff.toSeconds() <= RpcCodec.MAX_BACKOFF_SECONDS,
        "backoffs must not exceed " + RpcCodec.MAX_BACKOFF_SECONDS + " s");
    positive(iwantFollowup, "iwantFollowup");
    require(historyGossip >= 1, "historyGossip must be at least 1, not " + historyGossip);
    require(
        historyGossip <= historyLength,
        "historyGossip ("
            + historyGossip
            + ") must not exceed historyLength ("
            + historyLength
            + ")");
    require(
        maxIHaveLength >= 1 && maxIHaveLength <= RpcCodec.MAX_IDS_PER_ENTRY,
        "maxIHaveLength must be 1.." + RpcCodec.MAX_IDS_PER_ENTRY + ", not " + maxIHaveLength);
    require(maxIHaveMessages >= 1, "maxIHaveMessages must be at least 1, not " + maxIHaveMessages);
    require(
        maxIWantPerHeartbeat >= 0 && maxIWantPerHeartbeat <= RpcCodec.MAX_MESSAGES,
        "maxIWantPerHeartbeat must be 0.."
            + RpcCodec.MAX_MESSAGES
            + ", not "
            + maxIWantPerHeartbeat);
    require(maxPayloadBytes >= 1, "maxPayloadBytes must be at least 1, not " + maxPayloadBytes);
    require(
        maxFrameBytes <= RpcCodec.HARD_MAX_FRAME_BYTES,
        "maxFrameBytes must not exceed "
            + RpcCodec.HARD_MAX_FRAME_BYTES
            + ", not "
            + maxFrameBytes);
    long oneMessage =
        (long) RpcCodec.EMPTY_FRAME_BYTES
            + RpcCodec.MESSAGE_OVERHEAD
            + Topics.MAX_BYTES
            + maxPayloadBytes;
    require(
        maxFrameBytes >= oneMessage,
        "maxFrameBytes ("
            + maxFrameBytes
            + ") must hold one message of maxPayloadBytes, at least "
            + oneMessage);
    require(timeInMeshWeight >= 0, "timeInMeshWeight must not be negative");
    positive(timeInMeshQuantum, "timeInMeshQuantum");
    require(timeInMeshCap >= 0, "timeInMeshCap must not be negative");
    require(firstMessageDeliveriesWeight >= 0, "firstMessageDeliveriesWeight must not be negative");
    decay(firstMessageDeliveriesDecay, "firstMessageDeliveriesDecay");
    require(firstMessageDeliveriesCap >= 0, "firstMessageDeliveriesCap must not be negative");
    require(
        invalidMessageDeliveriesWeight <= 0, "invalidMessageDeliveriesWeight must not be positive");
    decay(invalidMessageDeliveriesDecay, "invalidMessageDeliveriesDecay");
    require(behaviourPenaltyWeight <= 0, "behaviourPenaltyWeight must not be positive");
    require(behaviourPenaltyThreshold >= 0, "behaviourPenaltyThreshold must not be negative");
    decay(behaviourPenaltyDecay, "behaviourPenaltyDecay");
    require(topicScoreCap >= 0, "topicScoreCap must not be negative (0 means no cap)");
    decay(decayToZero, "decayToZero");
    notNegative(retainScore, "retainScore");
    require(gossipThreshold <= 0, "gossipThreshold must not be positive, not " + gossipThreshold);
    require(
        publishThreshold <= gossipThreshold,
        "publishThreshold ("
            + publishThreshold
            + ") must not exceed gossipThreshold ("
            + gossipThreshold
            + ")");
    require(
        graylistThreshold <= publishThreshold,
        "graylistThreshold ("
            + graylistThreshold
            + ") must not exceed publishThreshold ("
            + publishThreshold
            + ")");
    require(
        banThreshold <= graylistThreshold,
        "banThreshold ("
            + banThreshold
            + ") must not exceed graylistThreshold ("
            + graylistThreshold
            + ")");
    notNegative(banDuration, "banDuration");
  }

  /** A builder starting from the defaults. */
  public static GossipParamsBuilder builder() {
    return new GossipParamsBuilder();
  }

  /** A builder starting from these parameters. */
  public GossipParamsBuilder toBuilder() {
    return new GossipParamsBuilder(this);
  }

  private static void require(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException(message);
    }
  }

  private static void positive(Duration d, String name) {
    Objects.requireNonNull(d, name);
    require(!d.isNegative() && !d.isZero(), name + " must be positive, not " + d);
  }

  private static void notNegative(Duration d, String name) {
    Objects.requireNonNull(d, name);
    require(!d.isNegative(), name + " must not be negative, not " + d);
  }

  private static void decay(double v, String name) {
    require(v > 0 && v < 1, name + " must be strictly between 0 and 1, not " + v);
  }
}
