package sovereign.mesh;

import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.osgi.service.log.Logger;
import sovereign.api.identity.NodeId;
import sovereign.api.identity.NodeIdentity;
import sovereign.api.mesh.MeshMessage;
import sovereign.api.mesh.PeerInfo;
import sovereign.api.mesh.TopicValidator;
import sovereign.mesh.gossip.Ed25519;
import sovereign.mesh.gossip.GossipEnvironment;
import sovereign.mesh.gossip.GossipMessage;
import sovereign.mesh.gossip.GossipParams;
import sovereign.mesh.gossip.GossipRouter;
import sovereign.mesh.gossip.PeerKey;
import sovereign.mesh.gossip.RouterView;
import sovereign.mesh.gossip.Rpc;
import sovereign.mesh.gossip.Signer;
import sovereign.mesh.gossip.ValidationResult;
import sovereign.mesh.request.MalformedRequestException;
import sovereign.mesh.request.RequestCodec;
import sovereign.mesh.request.Requests;
import sovereign.mesh.request.Responder;
import sovereign.mesh.transport.Diagnosis;
import sovereign.mesh.transport.MeshListener;
import sovereign.mesh.transport.MeshSettings;
import sovereign.mesh.transport.MeshTransport;
import sovereign.mesh.transport.Misbehaviour;
import sovereign.mesh.transport.PeerAdmission;
import sovereign.mesh.transport.PeerConnection;

/**
 * One run of the mesh with one swarm key: the transport, the gossip router and the thread that owns
 * it, and the bootstrap dialler. {@link MeshService} starts a new one when the key changes.
 *
 * <p><b>Threading.</b> The router is single-threaded by contract; every call to it runs on the one
 * thread of {@link #ROUTER_THREAD}: the heartbeat, the redial tick, every connection event and
 * frame (posted there from the network threads, in order), and the service's calls ({@link #call}).
 * The connection map is written only on that thread and read from any.
 *
 * <p><b>Two connections to one node</b> (both dialled at once): both sides keep the one dialled by
 * the node with the smaller NodeID and close the other, so they agree without talking. Frames are
 * taken from either while both are open.
 */
final class MeshRuntime implements AutoCloseable {

  /** The name of the thread that owns the router. */
  static final String ROUTER_THREAD = "sovereign-mesh-router";

  /** Transport misbehaviours (oversized frames, corrupt records, ...) that get a node banned. */
  static final int STRIKES = 3;

  /** A connection that lived this long resets its bootstrap entry's backoff when it closes. */
  private static final long STABLE_MILLIS = 10_000;

  private final NodeIdentity identity;
  private final NodeId self;
  private final SwarmKey key;
  private final MeshConfig config;
  private final BanList bans;
  private final Logger logger;
  private final Consumer<MeshMessage> delivery;
  private final Set<NodeId> known = ConcurrentHashMap.newKeySet();
  private final Map<NodeId, PeerConnection> connections = new ConcurrentHashMap<>();
  private final Map<PeerConnection, Instant> since = new ConcurrentHashMap<>();
  private final Map<NodeId, Integer> strikes = new ConcurrentHashMap<>();
  private final List<Entry> bootstrap = new ArrayList<>();
  private final ScheduledExecutorService executor;
  private final GossipRouter router;
  private final MeshTransport transport;
  private final Requests requests;
  private final InetSocketAddress listening;
  private final AtomicLong heartbeats = new AtomicLong();
  private final AtomicLong dials = new AtomicLong();
  private final AtomicLong dialFailures = new AtomicLong();
  private volatile Thread routerThread;

  /** One bootstrap peer and its backoff; touched only on the router thread. */
  private static final class Entry {
    final Target target;
    NodeId lastPeer;
    boolean dialling;
    long nextAttempt;
    long delay;
    int failures;

    Entry(Target target, long delay) {
      this.target = target;
      this.delay = delay;
    }
  }

  /**
   * Starts listening and gossiping.
   *
   * @throws java.io.UncheckedIOException if the address cannot be bound (nothing is left running)
   */
  MeshRuntime(
      NodeIdentity identity,
      SwarmKey key,
      MeshConfig config,
      BanList bans,
      Logger logger,
      Consumer<MeshMessage> delivery,
      Responder responder) {
    this.identity = identity;
    this.self = identity.nodeId();
    this.key = key;
    this.config = config;
    this.bans = bans;
    this.logger = logger;
    this.delivery = delivery;
    GossipParams params = params(config);
    for (String text : config.bootstrap()) {
      Target target = Target.parse(text);
      target.node().ifPresent(known::add);
      bootstrap.add(new Entry(target, Math.max(1, config.redialMillis())));
    }
    executor =
        Executors.newSingleThreadScheduledExecutor(
            task -> {
              Thread t = new Thread(task, ROUTER_THREAD);
              t.setDaemon(true);
              routerThread = t;
              return t;
            });
    PeerKey selfKey = new PeerKey(identity.signingPublicKey());
    Signer signer =
        new Signer() {
          @Override
          public PeerKey publicKey() {
            return selfKey;
          }

          @Override
          public byte[] sign(byte[] data) {
            return identity.sign(data);
          }
        };
    router =
        new GossipRouter(
            params,
            new GossipEnvironment(
                signer,
                Ed25519.verifier(),
                this::send,
                (id, m) -> delivery.accept(message(id.hex(), m)),
                this::banned,
                () -> System.nanoTime() / 1_000_000,
                new SecureRandom()));
    requests = new Requests(responder);
    transport =
        new MeshTransport(
            identity,
            key,
            admission(),
            new Listener(),
            MeshSettings.defaults().withMaxFrameBytes(params.maxFrameBytes()));
    try {
      listening = transport.listen(new InetSocketAddress(config.host(), config.port()));
    } catch (RuntimeException e) {
      transport.close();
      executor.shutdownNow();
      requests.close();
      throw e;
    }
    long beat = params.heartbeatInterval().toMillis();
    executor.scheduleAtFixedRate(this::heartbeat, beat, beat, TimeUnit.MILLISECONDS);
    if (!bootstrap.isEmpty()) {
      long tick = Math.max(10, Math.min(1000, config.redialMillis() / 2));
      executor.scheduleWithFixedDelay(this::redial, 0, tick, TimeUnit.MILLISECONDS);
    }
  }

  /** The gossip parameters: the defaults with what the configuration overrides. */
  static GossipParams params(MeshConfig config) {
    return GossipParams.builder()
        .d(config.d())
        .dLow(config.dLow())
        .dHigh(config.dHigh())
        .dLazy(config.dLazy())
        .heartbeatInterval(Duration.ofMillis(config.heartbeatMillis()))
        .floodPublish(config.floodPublish())
        .maxPayloadBytes(config.maxPayloadBytes())
        .banDuration(Duration.ofSeconds(config.banSeconds()))
        .build();
  }

  private static MeshMessage message(String id, GossipMessage m) {
    return new MeshMessage(
        id, m.topic(), NodeId.fromPublicKey(m.origin().ed25519PublicKey()), m.payload());
  }

  private static PeerKey key(NodeId node) {
    return new PeerKey(node.publicKey());
  }

  private static NodeId node(PeerKey key) {
    return NodeId.fromPublicKey(key.ed25519PublicKey());
  }

  private PeerAdmission admission() {
    return new PeerAdmission() {
      @Override
      public boolean admit(NodeId peer) {
        return !bans.isBanned(peer) && (!config.closed() || known.contains(peer));
      }

      @Override
      public String reason(NodeId peer) {
        return bans.get(peer)
            .map(b -> "banned until " + b.until() + " (" + b.reason() + ")")
            .orElse("not a member of this closed swarm");
      }
    };
  }

  InetSocketAddress listening() {
    return listening;
  }

  String fingerprint() {
    return key.fingerprint();
  }

  long heartbeats() {
    return heartbeats.get();
  }

  long dials() {
    return dials.get();
  }

  long dialFailures() {
    return dialFailures.get();
  }

  /** Runs {@code task} on the router thread and waits for it (10 s at most). */
  <T> T call(Callable<T> task) {
    if (Thread.currentThread() == routerThread) {
      throw new IllegalStateException(
          "the mesh cannot be called from a topic validator (it runs on the gossip thread)");
    }
    try {
      return executor.submit(task).get(10, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException(e.getCause());
    } catch (RejectedExecutionException e) {
      throw new IllegalStateException("the mesh is stopping", e);
    } catch (TimeoutException e) {
      throw new IllegalStateException("the gossip thread did not answer within 10 s", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /** Runs {@code task} on the router thread later; dropped once the runtime is closed. */
  private void post(Runnable task) {
    try {
      executor.execute(
          () -> {
            try {
              task.run();
            } catch (RuntimeException e) {
              logger.error("mesh: {}", e.toString(), e);
            }
          });
    } catch (RejectedExecutionException closing) {
      // Closed: events of connections being closed are of no interest any more.
    }
  }

  String publish(String topic, byte[] payload) {
    return call(() -> router.publish(topic, payload).hex());
  }

  void subscribe(String topic) {
    call(
        () -> {
          router.subscribe(topic);
          return null;
        });
  }

  void unsubscribe(String topic) {
    call(
        () -> {
          router.unsubscribe(topic);
          return null;
        });
  }

  /** Sets or (with null) removes the validator of a topic. */
  void validator(String topic, TopicValidator validator) {
    call(
        () -> {
          if (validator == null) {
            router.unregisterValidator(topic);
          } else {
            router.registerValidator(
                topic,
                m ->
                    switch (validator.validate(message(m.id().hex(), m))) {
                      case ACCEPT -> ValidationResult.ACCEPT;
                      case REJECT -> ValidationResult.REJECT;
                      case IGNORE -> ValidationResult.IGNORE;
                    });
          }
          return null;
        });
  }

  RouterView view() {
    return call(router::view);
  }

  List<PeerInfo> peers() {
    return call(
        () -> {
          List<PeerInfo> out = new ArrayList<>();
          for (PeerConnection c : connections.values()) {
            out.add(info(c));
          }
          out.sort(Comparator.comparing(PeerInfo::nodeId));
          return out;
        });
  }

  int peerCount() {
    return connections.size();
  }

  private PeerInfo info(PeerConnection c) {
    return new PeerInfo(
        c.peer(),
        c.remoteAddress(),
        router.score(key(c.peer())),
        c.handshakeRtt().toMillis(),
        since.getOrDefault(c, Instant.now()));
  }

  /**
   * Dials a node; with {@code node} given, only that node is accepted (and, if closed, admitted).
   */
  CompletableFuture<PeerInfo> connect(InetSocketAddress address, Optional<NodeId> node) {
    node.ifPresent(known::add);
    dials.incrementAndGet();
    return transport.dial(address, node).thenApplyAsync(this::info, executor);
  }

  /** Sends a request to a connected node; see {@link sovereign.api.mesh.Mesh#request}. */
  CompletableFuture<byte[]> request(NodeId node, String protocol, byte[] body, Duration timeout) {
    return requests.send(node, connections.get(node), protocol, body, timeout);
  }

  /** The open connection to {@code node}, if any, for tests that play a broken peer. */
  Optional<PeerConnection> connection(NodeId node) {
    return Optional.ofNullable(connections.get(node));
  }

  /** The requests under way, for tests. */
  Requests requests() {
    return requests;
  }

  /** Closes the connection to {@code node}; false if there was none. */
  boolean disconnect(NodeId node) {
    PeerConnection c = connections.get(node);
    if (c == null) {
      return false;
    }
    c.close();
    return true;
  }

  /**
   * Dials with a transport of its own, so our live connections are not disturbed. The peer, though,
   * sees a second connection from us and applies the duplicate rule (see the class comment):
   * diagnosing a node we are connected to may cost that connection, which the bootstrap redial (if
   * the node is a bootstrap peer) restores.
   */
  Diagnosis.Report diagnose(InetSocketAddress address, Optional<NodeId> node) {
    try (MeshTransport probe =
        new MeshTransport(
            identity,
            key,
            admission(),
            new MeshListener() {},
            MeshSettings.defaults().withIoThreads(1))) {
      return Diagnosis.run(probe, address, node);
    }
  }

  // ---- on the router thread ----

  private void heartbeat() {
    try {
      router.heartbeat();
    } catch (RuntimeException e) {
      logger.error("mesh heartbeat failed: {}", e.toString(), e);
    }
    heartbeats.incrementAndGet();
  }

  private void send(PeerKey peer, Rpc rpc) {
    PeerConnection c = connections.get(node(peer));
    if (c == null || !c.isOpen()) {
      return; // Best effort: gossip repairs what is lost.
    }
    try {
      c.send(router.codec().encode(rpc));
    } catch (RuntimeException e) {
      logger.warn("mesh: cannot send to {}: {}", c.peer(), e.getMessage());
    }
  }

  private void banned(PeerKey peer, String reason) {
    NodeId node = node(peer);
    try {
      bans.ban(node, Duration.ofSeconds(config.banSeconds()), reason);
    } catch (RuntimeException e) {
      logger.error("mesh: {}", e.getMessage(), e);
    }
    logger.warn("mesh: banned {} for {} s: {}", node, config.banSeconds(), reason);
    disconnect(node);
  }

  private void opened(PeerConnection c) {
    NodeId peer = c.peer();
    if (peer.equals(self) || bans.isBanned(peer)) {
      c.close();
      return;
    }
    PeerConnection existing = connections.get(peer);
    if (existing != null && existing != c && existing.isOpen()) {
      PeerConnection keep = dialler(c).compareTo(dialler(existing)) < 0 ? c : existing;
      (keep == c ? existing : c).close();
      connections.put(peer, keep);
      return;
    }
    connections.put(peer, c);
    strikes.remove(peer);
    router.addPeer(key(peer));
    logger.info(
        "mesh: connected to {} at {} ({})",
        peer,
        c.remoteAddress(),
        c.outbound() ? "dialled" : "accepted");
  }

  private NodeId dialler(PeerConnection c) {
    return c.outbound() ? self : c.peer();
  }

  private void closed(PeerConnection c) {
    since.remove(c);
    if (connections.remove(c.peer(), c)) {
      router.removePeer(key(c.peer()));
      logger.info(
          "mesh: disconnected from {}{}",
          c.peer(),
          c.closeReason().map(r -> " (" + r + ")").orElse(""));
    }
  }

  private void frame(PeerConnection c, byte[] frame) {
    if (!connections.containsKey(c.peer())) {
      return;
    }
    if (!RequestCodec.isRequestFrame(frame)) {
      router.onFrame(key(c.peer()), frame);
      return;
    }
    try {
      requests.onFrame(c, frame);
    } catch (MalformedRequestException e) {
      // Like a broken transport frame: the connection goes, and the node earns a strike.
      c.close();
      misbehaved(
          new Misbehaviour(
              Optional.of(c.peer()),
              c.remoteAddress(),
              Misbehaviour.Kind.MALFORMED_REQUEST,
              "malformed request/response frame: " + e.getMessage()));
    }
  }

  private void misbehaved(Misbehaviour m) {
    logger.warn("mesh: {} at {} misbehaved: {}", m.peer().orElse(null), m.remote(), m.detail());
    m.peer()
        .ifPresent(
            peer -> {
              int n = strikes.merge(peer, 1, Integer::sum);
              if (n >= STRIKES) {
                strikes.remove(peer);
                banned(key(peer), n + " protocol violations, the last: " + m.kind());
              }
            });
  }

  private void redial() {
    long now = System.nanoTime() / 1_000_000;
    for (Entry e : bootstrap) {
      NodeId node = e.target.node().orElse(e.lastPeer);
      if (e.dialling
          || now < e.nextAttempt
          || self.equals(node)
          || (node != null && (connections.containsKey(node) || bans.isBanned(node)))) {
        continue;
      }
      e.dialling = true;
      dials.incrementAndGet();
      transport
          .dial(e.target.address(), e.target.node())
          .whenComplete((c, failure) -> post(() -> dialled(e, c, failure)));
    }
  }

  private void dialled(Entry e, PeerConnection c, Throwable failure) {
    long now = System.nanoTime() / 1_000_000;
    e.dialling = false;
    if (failure != null) {
      dialFailures.incrementAndGet();
      if (e.failures++ == 0) {
        logger.warn(
            "mesh: cannot reach bootstrap peer {}: {}; retrying with backoff",
            e.target,
            failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause().getMessage()
                : failure.getMessage());
      }
      backoff(e, now);
      return;
    }
    e.failures = 0;
    e.lastPeer = c.peer();
    c.closedFuture()
        .whenComplete(
            (v, x) ->
                post(
                    () -> {
                      long closedAt = System.nanoTime() / 1_000_000;
                      if (closedAt - now >= STABLE_MILLIS) {
                        e.delay = Math.max(1, config.redialMillis());
                      }
                      backoff(e, closedAt);
                    }));
  }

  private void backoff(Entry e, long now) {
    e.nextAttempt = now + e.delay;
    e.delay = Math.min(e.delay * 2, Math.max(config.redialMaxMillis(), config.redialMillis()));
  }

  /** Closes the transport, then the router thread, waiting for both. */
  @Override
  public void close() {
    transport.close();
    requests.close();
    executor.shutdownNow();
    try {
      if (!executor.awaitTermination(10, TimeUnit.SECONDS)) {
        logger.warn("mesh: the gossip thread did not stop within 10 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Transport events, moved onto the router thread in order. */
  private final class Listener implements MeshListener {
    @Override
    public void opened(PeerConnection connection) {
      since.put(connection, Instant.now());
      post(() -> MeshRuntime.this.opened(connection));
    }

    @Override
    public void frame(PeerConnection connection, byte[] frame) {
      post(() -> MeshRuntime.this.frame(connection, frame));
    }

    @Override
    public void closed(PeerConnection connection) {
      post(() -> MeshRuntime.this.closed(connection));
    }

    @Override
    public void misbehaved(Misbehaviour misbehaviour) {
      post(() -> MeshRuntime.this.misbehaved(misbehaviour));
    }
  }
}
