package sovereign.mesh.gossip;

import java.time.Duration;

/** Builds {@link GossipParams}; starts from the defaults, validates on {@link #build()}. */
public final class GossipParamsBuilder {
  private int d = 6;
  private int dLow = 4;
  private int dHigh = 12;
  private int dLazy = 6;
  private int dScore = 4;
  private double gossipFactor = 0.25;
  private boolean floodPublish = true;
  private Duration heartbeatInterval = Duration.ofSeconds(1);
  private Duration fanoutTtl = Duration.ofSeconds(60);
  private Duration seenTtl = Duration.ofMinutes(2);
  private Duration pruneBackoff = Duration.ofSeconds(60);
  private Duration unsubscribeBackoff = Duration.ofSeconds(10);
  private Duration iwantFollowup = Duration.ofSeconds(3);
  private int historyLength = 5;
  private int historyGossip = 3;
  private int maxIHaveLength = 5000;
  private int maxIHaveMessages = 10;
  private int maxIWantPerHeartbeat = 64;
  private int maxPayloadBytes = 1024 * 1024;
  private int maxFrameBytes = 4 * 1024 * 1024;
  private double timeInMeshWeight = 0.01;
  private Duration timeInMeshQuantum = Duration.ofSeconds(1);
  private double timeInMeshCap = 300;
  private double firstMessageDeliveriesWeight = 1;
  private double firstMessageDeliveriesDecay = 0.995;
  private double firstMessageDeliveriesCap = 10;
  private double invalidMessageDeliveriesWeight = -20;
  private double invalidMessageDeliveriesDecay = 0.999;
  private double behaviourPenaltyWeight = -10;
  private double behaviourPenaltyThreshold = 0;
  private double behaviourPenaltyDecay = 0.99;
  private double topicScoreCap = 20;
  private double decayToZero = 0.01;
  private Duration retainScore = Duration.ofMinutes(10);
  private double gossipThreshold = -10;
  private double publishThreshold = -50;
  private double graylistThreshold = -80;
  private double banThreshold = -150;
  private Duration banDuration = Duration.ofHours(1);

  GossipParamsBuilder() {}

  GossipParamsBuilder(GossipParams p) {
    d = p.d();
    dLow = p.dLow();
    dHigh = p.dHigh();
    dLazy = p.dLazy();
    dScore = p.dScore();
    gossipFactor = p.gossipFactor();
    floodPublish = p.floodPublish();
    heartbeatInterval = p.heartbeatInterval();
    fanoutTtl = p.fanoutTtl();
    seenTtl = p.seenTtl();
    pruneBackoff = p.pruneBackoff();
    unsubscribeBackoff = p.unsubscribeBackoff();
    iwantFollowup = p.iwantFollowup();
    historyLength = p.historyLength();
    historyGossip = p.historyGossip();
    maxIHaveLength = p.maxIHaveLength();
    maxIHaveMessages = p.maxIHaveMessages();
    maxIWantPerHeartbeat = p.maxIWantPerHeartbeat();
    maxPayloadBytes = p.maxPayloadBytes();
    maxFrameBytes = p.maxFrameBytes();
    timeInMeshWeight = p.timeInMeshWeight();
    timeInMeshQuantum = p.timeInMeshQuantum();
    timeInMeshCap = p.timeInMeshCap();
    firstMessageDeliveriesWeight = p.firstMessageDeliveriesWeight();
    firstMessageDeliveriesDecay = p.firstMessageDeliveriesDecay();
    firstMessageDeliveriesCap = p.firstMessageDeliveriesCap();
    invalidMessageDeliveriesWeight = p.invalidMessageDeliveriesWeight();
    invalidMessageDeliveriesDecay = p.invalidMessageDeliveriesDecay();
    behaviourPenaltyWeight = p.behaviourPenaltyWeight();
    behaviourPenaltyThreshold = p.behaviourPenaltyThreshold();
    behaviourPenaltyDecay = p.behaviourPenaltyDecay();
    topicScoreCap = p.topicScoreCap();
    decayToZero = p.decayToZero();
    retainScore = p.retainScore();
    gossipThreshold = p.gossipThreshold();
    publishThreshold = p.publishThreshold();
    graylistThreshold = p.graylistThreshold();
    banThreshold = p.banThreshold();
    banDuration = p.banDuration();
  }

  public GossipParamsBuilder d(int value) {
    d = value;
    return this;
  }

  public GossipParamsBuilder dLow(int value) {
    dLow = value;
    return this;
  }

  public GossipParamsBuilder dHigh(int value) {
    dHigh = value;
    return this;
  }

  public GossipParamsBuilder dLazy(int value) {
    dLazy = value;
    return this;
  }

  public GossipParamsBuilder dScore(int value) {
    dScore = value;
    return this;
  }

  public GossipParamsBuilder gossipFactor(double value) {
    gossipFactor = value;
    return this;
  }

  public GossipParamsBuilder floodPublish(boolean value) {
    floodPublish = value;
    return this;
  }

  public GossipParamsBuilder heartbeatInterval(Duration value) {
    heartbeatInterval = value;
    return this;
  }

  public GossipParamsBuilder fanoutTtl(Duration value) {
    fanoutTtl = value;
    return this;
  }

  public GossipParamsBuilder seenTtl(Duration value) {
    seenTtl = value;
    return this;
  }

  public GossipParamsBuilder pruneBackoff(Duration value) {
    pruneBackoff = value;
    return this;
  }

  public GossipParamsBuilder unsubscribeBackoff(Duration value) {
    unsubscribeBackoff = value;
    return this;
  }

  public GossipParamsBuilder iwantFollowup(Duration value) {
    iwantFollowup = value;
    return this;
  }

  public GossipParamsBuilder historyLength(int value) {
    historyLength = value;
    return this;
  }

  public GossipParamsBuilder historyGossip(int value) {
    historyGossip = value;
    return this;
  }

  public GossipParamsBuilder maxIHaveLength(int value) {
    maxIHaveLength = value;
    return this;
  }

  public GossipParamsBuilder maxIHaveMessages(int value) {
    maxIHaveMessages = value;
    return this;
  }

  public GossipParamsBuilder maxIWantPerHeartbeat(int value) {
    maxIWantPerHeartbeat = value;
    return this;
  }

  public GossipParamsBuilder maxPayloadBytes(int value) {
    maxPayloadBytes = value;
    return this;
  }

  public GossipParamsBuilder maxFrameBytes(int value) {
    maxFrameBytes = value;
    return this;
  }

  public GossipParamsBuilder timeInMeshWeight(double value) {
    timeInMeshWeight = value;
    return this;
  }

  public GossipParamsBuilder timeInMeshQuantum(Duration value) {
    timeInMeshQuantum = value;
    return this;
  }

  public GossipParamsBuilder timeInMeshCap(double value) {
    timeInMeshCap = value;
    return this;
  }

  public GossipParamsBuilder firstMessageDeliveriesWeight(double value) {
    firstMessageDeliveriesWeight = value;
    return this;
  }

  public GossipParamsBuilder firstMessageDeliveriesDecay(double value) {
    firstMessageDeliveriesDecay = value;
    return this;
  }

  public GossipParamsBuilder firstMessageDeliveriesCap(double value) {
    firstMessageDeliveriesCap = value;
    return this;
  }

  public GossipParamsBuilder invalidMessageDeliveriesWeight(double value) {
    invalidMessageDeliveriesWeight = value;
    return this;
  }

  public GossipParamsBuilder invalidMessageDeliveriesDecay(double value) {
    invalidMessageDeliveriesDecay = value;
    return this;
  }

  public GossipParamsBuilder behaviourPenaltyWeight(double value) {
    behaviourPenaltyWeight = value;
    return this;
  }

  public GossipParamsBuilder behaviourPenaltyThreshold(double value) {
    behaviourPenaltyThreshold = value;
    return this;
  }

  public GossipParamsBuilder behaviourPenaltyDecay(double value) {
    behaviourPenaltyDecay = value;
    return this;
  }

  public GossipParamsBuilder topicScoreCap(double value) {
    topicScoreCap = value;
    return this;
  }

  public GossipParamsBuilder decayToZero(double value) {
    decayToZero = value;
    return this;
  }

  public GossipParamsBuilder retainScore(Duration value) {
    retainScore = value;
    return this;
  }

  public GossipParamsBuilder gossipThreshold(double value) {
    gossipThreshold = value;
    return this;
  }

  public GossipParamsBuilder publishThreshold(double value) {
    publishThreshold = value;
    return this;
  }

  public GossipParamsBuilder graylistThreshold(double value) {
    graylistThreshold = value;
    return this;
  }

  public GossipParamsBuilder banThreshold(double value) {
    banThreshold = value;
    return this;
  }

  public GossipParamsBuilder banDuration(Duration value) {
    banDuration = value;
    return this;
  }

  /** The parameters; {@link IllegalArgumentException} if they are inconsistent. */
  public GossipParams build() {
    return new GossipParams(
        d,
        dLow,
        dHigh,
        dLazy,
        dScore,
        gossipFactor,
        floodPublish,
        heartbeatInterval,
        fanoutTtl,
        seenTtl,
        pruneBackoff,
        unsubscribeBackoff,
        iwantFollowup,
        historyLength,
        historyGossip,
        maxIHaveLength,
        maxIHaveMessages,
        maxIWantPerHeartbeat,
        maxPayloadBytes,
        maxFrameBytes,
        timeInMeshWeight,
        timeInMeshQuantum,
        timeInMeshCap,
        firstMessageDeliveriesWeight,
        firstMessageDeliveriesDecay,
        firstMessageDeliveriesCap,
        invalidMessageDeliveriesWeight,
        invalidMessageDeliveriesDecay,
        behaviourPenaltyWeight,
        behaviourPenaltyThreshold,
        behaviourPenaltyDecay,
        topicScoreCap,
        decayToZero,
        retainScore,
        gossipThreshold,
        publishThreshold,
        graylistThreshold,
        banThreshold,
        banDuration);
  }
}
