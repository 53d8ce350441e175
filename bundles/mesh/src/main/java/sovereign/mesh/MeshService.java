package sovereign.mesh;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;
import org.osgi.service.metatype.annotations.Designate;
import sovereign.api.identity.NodeHome;
import sovereign.api.identity.NodeId;
import sovereign.api.identity.NodeIdentity;
import sovereign.api.mesh.Mesh;
import sovereign.api.mesh.MeshMessage;
import sovereign.api.mesh.MeshStatus;
import sovereign.api.mesh.MessageHandler;
import sovereign.api.mesh.PeerInfo;
import sovereign.api.mesh.RequestHandler;
import sovereign.api.mesh.TopicValidator;
import sovereign.mesh.gossip.RouterView;
import sovereign.mesh.request.RequestCodec;
import sovereign.mesh.request.Requests;
import sovereign.mesh.request.Responder;
import sovereign.mesh.transport.Diagnosis;

/**
 * The mesh of this node (configuration PID {@code sovereign.mesh}, see {@link MeshConfig}).
 *
 * <p>On activation it reads {@code <node>/data/swarm.key}. Without one the node runs alone: a
 * warning is logged, nothing listens, {@link #status()} says so and {@link #publish} refuses;
 * subscriptions are still taken and start to receive once a key is in place and the mesh restarts
 * ({@code mesh:keygen} does both; after copying a key from another node, {@code mesh:restart}). A
 * malformed key is logged as an error naming the line, and the node runs alone likewise.
 *
 * <p>With a key it listens on {@code host:port}, dials the bootstrap nodes (again, with backoff,
 * whenever a connection is lost) and runs a {@link MeshRuntime}: the transport, the gossip router
 * on its own thread ({@value MeshRuntime#ROUTER_THREAD}) and the ban list, kept in {@code
 * <node>/data/mesh-bans.json}. Messages are handed to subscribers on the thread {@value
 * #DELIVERY_THREAD}.
 *
 * <p>Not a core service: the boot does not wait for it.
 */
@Component(
    service = {Mesh.class, MeshService.class},
    immediate = true,
    configurationPid = "sovereign.mesh")
@Designate(ocd = MeshConfig.class)
public final class MeshService implements Mesh {

  /** The thread that calls {@link MessageHandler}s. */
  static final String DELIVERY_THREAD = "sovereign-mesh-delivery";

  /** The swarm key file, in {@code <node>/data/}. */
  static final String SWARM_KEY_FILE = "swarm.key";

  /** The ban list file, in {@code <node>/data/}. */
  static final String BANS_FILE = "mesh-bans.json";

  @Reference NodeIdentity identity;
  @Reference NodeHome home;

  @Reference(service = LoggerFactory.class)
  Logger logger;

  Clock clock = Clock.systemUTC();

  private final Map<String, List<Subscription>> handlers = new ConcurrentHashMap<>();
  private final Map<String, TopicValidator> validators = new ConcurrentHashMap<>();
  private volatile MeshConfig config;
  private BanList bans;
  private ExecutorService delivery;
  private Responder responder;
  private volatile MeshRuntime runtime;
  private volatile String swarmKey = MeshStatus.ALONE;
  private volatile String notRunning = "the mesh has not started";

  /** One {@link #subscribe} call; removed by identity. */
  private final class Subscription implements AutoCloseable {
    final String topic;
    final MessageHandler handler;

    Subscription(String topic, MessageHandler handler) {
      this.topic = topic;
      this.handler = handler;
    }

    @Override
    public void close() {
      unsubscribe(this);
    }
  }

  @Activate
  synchronized void activate(MeshConfig config) {
    this.config = config;
    for (String b : config.bootstrap()) {
      Target.parse(b); // A bad entry fails the activation, quoting it.
    }
    bans = BanList.load(home.data().resolve(BANS_FILE), clock, logger::warn);
    delivery =
        Executors.newSingleThreadExecutor(
            task -> {
              Thread t = new Thread(task, DELIVERY_THREAD);
              t.setDaemon(true);
              return t;
            });
    responder = new Responder(new RequestCodec(RequestCodec.DEFAULT_MAX_BODY_BYTES), logger);
    start();
  }

  /**
   * A new configuration restarts the mesh in place: the service stays registered, so the bundles
   * and shell commands that use it are not restarted with it (a command run just after a change of
   * sovereign.mesh.json must find them). A bad bootstrap entry keeps the running configuration.
   */
  @Modified
  synchronized void modified(MeshConfig config) {
    for (String b : config.bootstrap()) {
      Target.parse(b);
    }
    this.config = config;
    restart();
  }

  @Deactivate
  synchronized void deactivate() {
    stop();
    responder.close();
    delivery.shutdownNow();
    try {
      delivery.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Re-reads the swarm key and starts the mesh again: after mesh:keygen or a copied key. */
  synchronized void restart() {
    stop();
    start();
  }

  private void start() {
    Path file = swarmKeyFile();
    swarmKey = MeshStatus.ALONE;
    if (!Files.exists(file)) {
      notRunning = "no swarm key: the node runs alone; mesh:keygen makes one";
      logger.warn(notRunning + " ({})", file);
      return;
    }
    SwarmKey key;
    try {
      key = SwarmKey.read(file);
    } catch (IllegalArgumentException | IOException e) {
      notRunning = "the swarm key is malformed: " + e.getMessage();
      logger.error(
          "{}; the mesh does not listen. Copy the swarm.key of another node of the swarm over it"
              + " (or delete it and run mesh:keygen for a new swarm), then mesh:restart",
          notRunning);
      return;
    }
    swarmKey = key.fingerprint();
    MeshRuntime started;
    try {
      started = new MeshRuntime(identity, key, config, bans, logger, this::deliver, responder);
    } catch (UncheckedIOException | IllegalArgumentException e) {
      notRunning = "the mesh cannot start: " + e.getMessage();
      logger.error(notRunning);
      return;
    }
    for (String topic : handlers.keySet()) {
      started.subscribe(topic);
    }
    validators.forEach(started::validator);
    runtime = started;
    logger.info(
        "mesh listening on {} as {}, swarm key {}, {} bootstrap peer(s)",
        started.listening(),
        identity.nodeId(),
        swarmKey,
        config.bootstrap().length);
  }

  private void stop() {
    MeshRuntime running = runtime;
    runtime = null;
    notRunning = "the mesh is stopped";
    if (running != null) {
      running.close();
    }
  }

  Path swarmKeyFile() {
    return home.data().resolve(SWARM_KEY_FILE);
  }

  /** The running mesh, or an {@link IllegalStateException} saying why there is none. */
  MeshRuntime running() {
    MeshRuntime r = runtime;
    if (r == null) {
      throw new IllegalStateException("the mesh is not running: " + notRunning);
    }
    return r;
  }

  /** The running mesh, if there is one (for tests and the shell). */
  Optional<MeshRuntime> runtime() {
    return Optional.ofNullable(runtime);
  }

  BanList bans() {
    return bans;
  }

  MeshConfig config() {
    return config;
  }

  @Override
  public NodeId nodeId() {
    return identity.nodeId();
  }

  @Override
  public MeshStatus status() {
    MeshRuntime r = runtime;
    return new MeshStatus(
        Optional.ofNullable(r).map(MeshRuntime::listening),
        swarmKey,
        r == null ? 0 : r.peerCount(),
        List.copyOf(new TreeSet<>(handlers.keySet())));
  }

  /** Why the mesh is not running, when it is not. */
  String notRunning() {
    return runtime == null ? notRunning : "";
  }

  @Override
  public List<PeerInfo> peers() {
    MeshRuntime r = runtime;
    return r == null ? List.of() : r.peers();
  }

  @Override
  public String publish(String topic, byte[] payload) {
    checkTopic(topic);
    return running().publish(topic, payload);
  }

  @Override
  public AutoCloseable subscribe(String topic, MessageHandler handler) {
    checkTopic(topic);
    Subscription s = new Subscription(topic, handler);
    synchronized (this) {
      List<Subscription> list = handlers.computeIfAbsent(topic, t -> new CopyOnWriteArrayList<>());
      list.add(s);
      if (list.size() == 1 && runtime != null) {
        runtime.subscribe(topic);
      }
    }
    return s;
  }

  private synchronized void unsubscribe(Subscription s) {
    List<Subscription> list = handlers.get(s.topic);
    if (list == null || !list.remove(s) || !list.isEmpty()) {
      return;
    }
    handlers.remove(s.topic);
    if (runtime != null) {
      runtime.unsubscribe(s.topic);
    }
  }

  @Override
  public synchronized AutoCloseable registerValidator(String topic, TopicValidator validator) {
    checkTopic(topic);
    validators.put(topic, validator);
    if (runtime != null) {
      runtime.validator(topic, validator);
    }
    return () -> {
      synchronized (MeshService.this) {
        if (validators.remove(topic, validator) && runtime != null) {
          runtime.validator(topic, null);
        }
      }
    };
  }

  @Override
  public CompletableFuture<PeerInfo> connect(InetSocketAddress address) {
    return running().connect(address, Optional.empty());
  }

  /** Dials a target; a named node is admitted even in a closed swarm. */
  CompletableFuture<PeerInfo> connect(Target target) {
    return running().connect(target.address(), target.node());
  }

  @Override
  public boolean disconnect(NodeId peer) {
    MeshRuntime r = runtime;
    return r != null && r.disconnect(peer);
  }

  @Override
  public void ban(NodeId peer, Duration duration) {
    if (peer.equals(identity.nodeId())) {
      throw new IllegalArgumentException("'" + peer + "' is this node: it cannot ban itself");
    }
    if (duration.isZero() || duration.isNegative()) {
      throw new IllegalArgumentException(
          "a ban must last a positive time, not " + duration + "; mesh:unban lifts a ban");
    }
    bans.ban(peer, duration, "mesh:ban");
    logger.info("mesh: banned {} for {}", peer, Durations.format(duration));
    disconnect(peer);
  }

  @Override
  public boolean unban(NodeId peer) {
    boolean was = bans.unban(peer);
    if (was) {
      logger.info("mesh: lifted the ban on {}", peer);
    }
    return was;
  }

  @Override
  public boolean isBanned(NodeId peer) {
    return bans.isBanned(peer);
  }

  @Override
  public CompletableFuture<byte[]> request(
      NodeId peer, String protocol, byte[] body, Duration timeout) {
    if (peer == null) {
      throw new IllegalArgumentException("a request needs a peer, not null");
    }
    Requests.check(protocol, body, timeout, responder.codec().maxBodyBytes());
    return running().request(peer, protocol, body, timeout);
  }

  @Override
  public AutoCloseable serve(String protocol, RequestHandler handler) {
    return responder.serve(protocol, handler);
  }

  /** Where a dial to {@code target} stops. */
  Diagnosis.Report diagnose(Target target) {
    return running().diagnose(target.address(), target.node());
  }

  /** The router's state, for mesh:topics. */
  RouterView view() {
    return running().view();
  }

  private void deliver(MeshMessage message) {
    List<Subscription> list = handlers.get(message.topic());
    if (list == null) {
      return;
    }
    try {
      delivery.execute(
          () -> {
            for (Subscription s : list) {
              try {
                s.handler.onMessage(
                    new MeshMessage(
                        message.id(),
                        message.topic(),
                        message.origin(),
                        message.payload().clone()));
              } catch (RuntimeException e) {
                logger.error(
                    "mesh: a handler of topic {} failed: {}", message.topic(), e.toString(), e);
              }
            }
          });
    } catch (java.util.concurrent.RejectedExecutionException stopping) {
      // Deactivated: nobody listens any more.
    }
  }

  static void checkTopic(String topic) {
    if (topic == null || topic.isEmpty()) {
      throw new IllegalArgumentException("a topic name must not be empty");
    }
    int bytes = topic.getBytes(StandardCharsets.UTF_8).length;
    if (bytes > 256) {
      throw new IllegalArgumentException(
          "a topic name has at most 256 UTF-8 bytes; '"
              + topic.substring(0, 40)
              + "…' has "
              + bytes);
    }
  }
}
