package sovereign.mesh.gossip;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * A GossipSub-style router (gossipsub-v1.0, with the v1.1 hardening: peer scoring, PRUNE backoff,
 * flood publishing, IWANT promises), independent of any transport.
 *
 * <p><b>Threading:</b> single-threaded by contract. The caller serialises every call, typically on
 * one event loop: the transport calls {@link #addPeer}, {@link #removePeer} and {@link #onFrame}; a
 * timer calls {@link #heartbeat()} every {@link GossipParams#heartbeatInterval()}; the application
 * calls {@link #subscribe}, {@link #publish} and friends. Callbacks ({@link Outbox}, {@link
 * Delivery}, {@link Validator}, {@link BanListener}) run inside those calls and must not call back
 * into the router. What a call sends is batched per peer and handed to the outbox at the end of the
 * call.
 *
 * <p><b>Determinism:</b> given the same parameters, clock readings, random source and inputs, the
 * router makes the same choices and sends the same RPCs.
 */
public final class GossipRouter {

  private final RouterState s;
  private final MessagePipeline pipeline;
  private final ControlHandler control;
  private final Heartbeat heartbeat;

  /** A router with these parameters, talking to the world through {@code env}. */
  public GossipRouter(GossipParams params, GossipEnvironment env) {
    this.s = new RouterState(Objects.requireNonNull(params, "params"), env);
    this.pipeline = new MessagePipeline(s);
    this.control = new ControlHandler(s);
    this.heartbeat = new Heartbeat(s);
  }

  /** Our key: the origin of what we publish. */
  public PeerKey self() {
    return s.self;
  }

  /** The codec for frames of this router's size caps. */
  public RpcCodec codec() {
    return s.codec;
  }

  /**
   * A pubsub-capable peer connected: we send it our subscriptions (gossipsub-v1.0 §Ambient Peer
   * Discovery). Returns false, and does nothing, for ourselves, a banned peer or one already known.
   */
  public boolean addPeer(PeerKey peer) {
    if (peer.equals(s.self) || s.isBanned(peer) || s.peers.containsKey(peer)) {
      return false;
    }
    s.peers.put(peer, new LinkedHashSet<>());
    s.scores.connected(peer);
    for (String topic : s.subscriptions) {
      s.out.subscription(peer, true, topic);
    }
    flush();
    return true;
  }

  /** A peer disconnected: it leaves every mesh and fanout; its score is retained. */
  public void removePeer(PeerKey peer) {
    if (s.peers.containsKey(peer)) {
      s.forget(peer);
    }
  }

  /**
   * A frame from a connected peer. Ignored if the peer is unknown or its score is under the
   * graylist threshold (gossipsub-v1.1 §Score Thresholds), before decoding. A frame that does not
   * decode costs a P₇ behaviour penalty.
   */
  public void onFrame(PeerKey from, byte[] frame) {
    if (!accepting(from)) {
      return;
    }
    Rpc rpc;
    try {
      rpc = s.codec.decode(frame);
    } catch (MalformedRpcException e) {
      s.scores.behaviourPenalty(from, 1, "malformed RPC: " + e.getMessage());
      s.checkBan(from);
      return;
    }
    handle(from, rpc);
  }

  /** An already decoded RPC from a connected peer; same rules as {@link #onFrame}. */
  public void onRpc(PeerKey from, Rpc rpc) {
    if (accepting(from)) {
      handle(from, rpc);
    }
  }

  /** JOIN(topic), gossipsub-v1.0 §Topic Membership: announce, then build the mesh. */
  public void subscribe(String topic) {
    Topics.check(topic);
    if (s.subscriptions.contains(topic)) {
      return;
    }
    if (s.subscriptions.size() >= RpcCodec.MAX_SUBSCRIPTIONS) {
      throw new IllegalStateException(
          "at most " + RpcCodec.MAX_SUBSCRIPTIONS + " topics can be subscribed");
    }
    s.subscriptions.add(topic);
    for (PeerKey peer : s.peers.keySet()) {
      s.out.subscription(peer, true, topic);
    }
    s.mesh.put(topic, new LinkedHashSet<>());
    long now = s.now();
    List<PeerKey> candidates = new ArrayList<>(s.shuffled(s.fanout.getOrDefault(topic, Set.of())));
    candidates.addAll(s.shuffled(s.topicPeers(topic)));
    for (PeerKey peer : candidates) {
      if (s.mesh.get(topic).size() >= s.params.d()) {
        break;
      }
      if (s.peers.containsKey(peer)
          && s.backoffs.mayGraft(topic, peer, now)
          && s.score(peer) >= 0) {
        s.graft(topic, peer);
      }
    }
    s.fanout.remove(topic);
    s.fanoutLastPublished.remove(topic);
    flush();
  }

  /** LEAVE(topic): PRUNE the mesh with {@code unsubscribeBackoff}, then announce. */
  public void unsubscribe(String topic) {
    if (!s.subscriptions.remove(topic)) {
      return;
    }
    for (PeerKey peer : new ArrayList<>(s.mesh.getOrDefault(topic, Set.of()))) {
      s.prune(topic, peer, s.params.unsubscribeBackoff());
    }
    s.mesh.remove(topic);
    for (PeerKey peer : s.peers.keySet()) {
      s.out.subscription(peer, false, topic);
    }
    flush();
  }

  /**
   * Signs and publishes a message; returns its id. {@link IllegalArgumentException} for a bad topic
   * or an oversized payload, {@link IllegalStateException} if the topic's validator does not accept
   * it.
   */
  public MessageId publish(String topic, byte[] payload) {
    try {
      return pipeline.publish(topic, payload.clone());
    } finally {
      flush();
    }
  }

  /** Sets the validator of a topic, replacing any other. */
  public void registerValidator(String topic, Validator validator) {
    s.validators.put(Topics.check(topic), Objects.requireNonNull(validator, "validator"));
  }

  /** Removes the validator of a topic: its messages are accepted again. */
  public void unregisterValidator(String topic) {
    s.validators.remove(topic);
  }

  /** One heartbeat; call every {@link GossipParams#heartbeatInterval()}. */
  public void heartbeat() {
    heartbeat.run();
    flush();
  }

  /** Whether a peer is banned now. */
  public boolean isBanned(PeerKey peer) {
    return s.isBanned(peer);
  }

  /** A peer's score now; 0 for a peer never seen. */
  public double score(PeerKey peer) {
    return s.score(peer);
  }

  /** A snapshot for the shell. */
  public RouterView view() {
    Set<String> names = new TreeSet<>(s.subscriptions);
    names.addAll(s.fanout.keySet());
    List<RouterView.TopicView> topics = new ArrayList<>();
    for (String topic : names) {
      topics.add(
          new RouterView.TopicView(
              topic,
              s.subscriptions.contains(topic),
              sorted(s.mesh.getOrDefault(topic, Set.of())),
              sorted(s.fanout.getOrDefault(topic, Set.of())),
              s.topicPeers(topic).size()));
    }
    List<PeerScoreView> peers = new ArrayList<>();
    for (PeerKey peer : sorted(s.scores.known())) {
      peers.add(s.scores.view(peer));
    }
    List<PeerKey> banned = new ArrayList<>();
    for (PeerKey peer : sorted(s.banned.keySet())) {
      if (s.isBanned(peer)) {
        banned.add(peer);
      }
    }
    return new RouterView(s.self, topics, peers, banned, s.seen.size(), s.mcache.size());
  }

  private boolean accepting(PeerKey from) {
    return s.peers.containsKey(from) && s.score(from) >= s.params.graylistThreshold();
  }

  private void handle(PeerKey from, Rpc rpc) {
    for (Rpc.Subscription sub : rpc.subscriptions()) {
      control.onSubscription(from, sub);
    }
    for (GossipMessage m : rpc.messages()) {
      // Re-checked per message: one RPC full of forgeries stops costing us signature checks
      // as soon as its sender is graylisted.
      if (s.score(from) < s.params.graylistThreshold()) {
        break;
      }
      pipeline.onMessage(from, m);
    }
    if (s.score(from) >= s.params.graylistThreshold()) {
      rpc.grafts().forEach(g -> control.onGraft(from, g.topic()));
      rpc.prunes().forEach(p -> control.onPrune(from, p));
      rpc.ihaves().forEach(i -> control.onIHave(from, i));
      rpc.iwants().forEach(i -> control.onIWant(from, i));
    }
    s.checkBan(from);
    flush();
  }

  private void flush() {
    s.out.flush(s.env.outbox());
  }

  private static List<PeerKey> sorted(Collection<PeerKey> peers) {
    return new ArrayList<>(new TreeSet<>(peers));
  }
}
