package sovereign.mesh.discovery;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;
import org.osgi.service.metatype.annotations.Designate;
import sovereign.api.identity.NodeId;
import sovereign.api.identity.NodeIdentity;
import sovereign.api.mesh.Mesh;
import sovereign.api.mesh.PeerInfo;
import sovereign.mesh.Target;

/**
 * Rendezvous (configuration PID {@value #PID}, see {@link RendezvousConfig}), in the manner of the
 * libp2p rendezvous protocol, over mesh request/response ({@value RendezvousWire#PROTOCOL}).
 *
 * <p><b>As a point</b> ({@code serve}), the node keeps a {@link RendezvousRegistry}: a connected
 * node REGISTERs a signed {@link Registration} (namespace, port, ttl), and the point stores it with
 * the IP address it observes for that node's connection, which behind NAT is the only address
 * others can reach; DISCOVER returns a namespace's registrations; UNREGISTER removes one.
 *
 * <p><b>As a client</b> (with {@code points}), every {@code refreshMillis} the node makes sure it
 * is connected to each point, registers there under {@code namespace} with its mesh port, discovers
 * the others, checks each registration's signature, and dials the nodes it is not connected to
 * (never itself, nor a node it bans), checking that the node reached is the one registered. Dials
 * back off from {@code refreshMillis}, doubling up to 10 minutes, and an hour after a refusal at
 * admission. Everything runs on one thread ({@value #THREAD}) or in the mesh's callbacks.
 */
@Component(service = Rendezvous.class, immediate = true, configurationPid = Rendezvous.PID)
@Designate(ocd = RendezvousConfig.class)
public final class Rendezvous {

  /** The configuration PID. */
  public static final String PID = "sovereign.mesh.rendezvous";

  static final String THREAD = "sovereign-mesh-rendezvous";

  static final Duration TIMEOUT = Duration.ofSeconds(10);

  /** The most nodes learnt from points that are kept. */
  static final int MAX_CANDIDATES = 1000;

  static final long MAX_BACKOFF_MILLIS = 600_000;
  static final long REFUSED_BACKOFF_MILLIS = 3_600_000;
  static final int MAX_INFLIGHT = 4;

  @Reference Mesh mesh;
  @Reference NodeIdentity identity;

  @Reference(service = LoggerFactory.class)
  Logger logger;

  LongSupplier wallMillis = System::currentTimeMillis;
  LongSupplier nanos = System::nanoTime;

  private RendezvousConfig config;
  private RendezvousRegistry registry;
  private AutoCloseable serving;
  private volatile ScheduledExecutorService timer;
  private long sequence;

  /** Guarded by this. */
  private final List<PointState> points = new ArrayList<>();

  /** Guarded by this. */
  private final Map<NodeId, Candidate> candidates = new LinkedHashMap<>();

  /** A point and where this node stands with it; guarded by the component. */
  static final class PointState {
    final Target point;
    NodeId node;
    boolean busy;
    long notBeforeNanos;
    int failures;
    String state = "not reached yet";
    long grantedTtl;
    int found;

    PointState(Target point) {
      this.point = point;
    }
  }

  /** A node learnt from a point; guarded by the component. */
  static final class Candidate {
    final NodeId node;
    InetSocketAddress address;
    Target via;
    long seenMillis;
    boolean dialling;
    long notBeforeNanos;
    int failures;
    String state = "to dial";

    Candidate(NodeId node) {
      this.node = node;
    }
  }

  @Activate
  synchronized void activate(RendezvousConfig config) {
    Registration.checkNamespace(config.namespace());
    if (config.ttlSeconds() <= 0
        || config.refreshMillis() <= 0
        || config.refreshMillis() >= TimeUnit.SECONDS.toMillis(config.ttlSeconds())) {
      throw new IllegalArgumentException(
          PID + ": ttlSeconds and refreshMillis must be positive, refreshMillis under the ttl");
    }
    List<PointState> parsed = new ArrayList<>();
    for (String p : config.points()) {
      parsed.add(new PointState(Target.parse(p, "a rendezvous point")));
    }
    RendezvousRegistry reg =
        config.serve()
            ? new RendezvousRegistry(
                wallMillis,
                identity::verify,
                config.maxRegistrations(),
                config.maxPerNamespace(),
                config.maxTtlSeconds())
            : null;
    this.config = config;
    this.registry = reg;
    points.addAll(parsed);
    if (reg != null) {
      serving = mesh.serve(RendezvousWire.PROTOCOL, this::handle);
      logger.info("rendezvous: serving as a point ({})", RendezvousWire.PROTOCOL);
    }
    if (!points.isEmpty()) {
      timer =
          Executors.newSingleThreadScheduledExecutor(
              task -> {
                Thread t = new Thread(task, THREAD);
                t.setDaemon(true);
                return t;
              });
      long tick = Math.min(1000, config.refreshMillis());
      timer.scheduleWithFixedDelay(this::tick, 0, tick, TimeUnit.MILLISECONDS);
      logger.info(
          "rendezvous: registering in '{}' at {} point(s)", config.namespace(), points.size());
    }
  }

  @Deactivate
  void deactivate() {
    ScheduledExecutorService t;
    List<CompletableFuture<byte[]>> goodbyes = new ArrayList<>();
    synchronized (this) {
      t = timer;
      timer = null;
      Set<NodeId> connected = connected();
      for (PointState p : points) {
        if (p.node != null && connected.contains(p.node) && p.grantedTtl > 0) {
          try {
            goodbyes.add(
                mesh.request(
                    p.node,
                    RendezvousWire.PROTOCOL,
                    RendezvousWire.unregister(config.namespace()),
                    Duration.ofSeconds(2)));
          } catch (RuntimeException e) {
            logger.debug("rendezvous: cannot unregister at {}: {}", p.point, e.toString());
          }
        }
      }
    }
    if (t != null) {
      t.shutdownNow();
      try {
        t.awaitTermination(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    try {
      // Best effort: a point that does not answer lets the registration expire.
      CompletableFuture.allOf(goodbyes.toArray(CompletableFuture[]::new))
          .exceptionally(x -> null)
          .get(3, TimeUnit.SECONDS);
    } catch (Exception e) {
      logger.debug("rendezvous: unregistering did not finish: {}", e.toString());
    }
    if (serving != null) {
      try {
        serving.close();
      } catch (Exception e) {
        logger.warn("rendezvous: cannot stop serving: {}", e.toString());
      }
    }
  }

  // ---- the point ----

  /** Answers a request of a connected node, with the address its connection comes from. */
  byte[] handle(NodeId from, byte[] request) {
    InetAddress observed =
        mesh.peers().stream()
            .filter(p -> p.nodeId().equals(from))
            .map(p -> p.address().getAddress())
            .findFirst()
            .orElseThrow(
                () -> new RendezvousRegistry.RefusedException("refused: " + from + " is gone"));
    try {
      return registry.handle(from, observed, request);
    } catch (IllegalArgumentException e) {
      logger.debug("rendezvous: refused a request of {}: {}", from, e.getMessage());
      throw e;
    }
  }

  // ---- the client, on the rendezvous thread ----

  private Set<NodeId> connected() {
    Set<NodeId> out = new HashSet<>();
    for (PeerInfo p : mesh.peers()) {
      out.add(p.nodeId());
    }
    return out;
  }

  private synchronized void tick() {
    try {
      if (!mesh.status().running()) {
        return;
      }
      Set<NodeId> connected = connected();
      long now = nanos.getAsLong();
      for (PointState p : points) {
        if (p.busy || now - p.notBeforeNanos < 0) {
          continue;
        }
        if (p.node != null && connected.contains(p.node)) {
          exchange(p);
        } else {
          dialPoint(p);
        }
      }
      dialCandidates(connected, now);
    } catch (RuntimeException e) {
      logger.warn("rendezvous: {}", e.toString(), e);
    }
  }

  private void dialPoint(PointState p) {
    CompletableFuture<PeerInfo> f;
    try {
      f = mesh.connect(p.point.resolve());
    } catch (RuntimeException e) {
      failed(p, e);
      return;
    }
    p.busy = true;
    f.whenComplete((peer, failure) -> post(() -> pointDialled(p, peer, failure)));
  }

  private void pointDialled(PointState p, PeerInfo peer, Throwable failure) {
    p.busy = false;
    if (failure != null) {
      failed(p, failure);
    } else if (p.point.node().isPresent() && !p.point.node().get().equals(peer.nodeId())) {
      failed(p, new IllegalStateException("reached " + peer.nodeId() + ", not the point named"));
    } else {
      p.node = peer.nodeId();
      p.state = "connected";
      p.notBeforeNanos = nanos.getAsLong(); // Register at the next tick.
    }
  }

  private void failed(PointState p, Throwable failure) {
    p.failures++;
    p.state = "failed: " + message(failure);
    long backoff = backoff(p.failures, p.state);
    p.notBeforeNanos = nanos.getAsLong() + TimeUnit.MILLISECONDS.toNanos(backoff);
    logger.debug("rendezvous: point {} {}; next try in {} ms", p.point, p.state, backoff);
  }

  private long backoff(int failures, String message) {
    return message.contains("ADMISSION")
        ? REFUSED_BACKOFF_MILLIS
        : Math.min(MAX_BACKOFF_MILLIS, config.refreshMillis() << Math.min(failures - 1, 20));
  }

  private static String message(Throwable t) {
    Throwable cause = t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
    return String.valueOf(cause.getMessage());
  }

  /**
   * Runs a mesh callback on the rendezvous thread. Callbacks never take this component's lock on a
   * mesh thread: the tick holds it while it asks the mesh for its peers, which the mesh answers on
   * the very thread that may be completing a dial.
   */
  private void post(Runnable task) {
    ScheduledExecutorService t = timer;
    if (t == null) {
      return;
    }
    try {
      t.execute(
          () -> {
            synchronized (this) {
              task.run();
            }
          });
    } catch (RejectedExecutionException stopping) {
      // Deactivated: the result is of no use any more.
    }
  }

  /** What one exchange with a point brought: the ttl granted and the registrations found. */
  private record Exchange(long grantedTtl, List<RendezvousWire.Found> found) {}

  private void exchange(PointState p) {
    int port = mesh.status().listening().orElseThrow().getPort();
    sequence = Math.max(sequence + 1, wallMillis.getAsLong());
    Registration mine =
        Registration.sign(identity, config.namespace(), port, sequence, config.ttlSeconds());
    NodeId point = p.node;
    p.busy = true;
    CompletableFuture<Exchange> f;
    try {
      f =
          mesh.request(point, RendezvousWire.PROTOCOL, RendezvousWire.register(mine), TIMEOUT)
              .thenCompose(
                  bytes -> {
                    long ttl = RendezvousWire.decodeRegistered(bytes);
                    byte[] discover =
                        RendezvousWire.discover(config.namespace(), RendezvousWire.MAX_DISCOVER);
                    return mesh.request(point, RendezvousWire.PROTOCOL, discover, TIMEOUT)
                        .thenApply(d -> new Exchange(ttl, RendezvousWire.decodeFound(d)));
                  });
    } catch (RuntimeException e) {
      p.busy = false;
      failed(p, e);
      return;
    }
    f.whenComplete((x, failure) -> post(() -> exchanged(p, x, failure)));
  }

  private void exchanged(PointState p, Exchange exchange, Throwable failure) {
    p.busy = false;
    if (failure != null) {
      failed(p, failure);
      return;
    }
    p.failures = 0;
    p.grantedTtl = exchange.grantedTtl();
    List<RendezvousWire.Found> found = exchange.found();
    p.notBeforeNanos = nanos.getAsLong() + TimeUnit.MILLISECONDS.toNanos(config.refreshMillis());
    int valid = 0;
    long now = wallMillis.getAsLong();
    for (RendezvousWire.Found x : found) {
      Registration r = x.registration();
      if (!r.namespace().equals(config.namespace()) || !r.verify(identity::verify)) {
        logger.warn(
            "rendezvous: point {} returned a registration of {} that is not signed for '{}'",
            p.point,
            r.node(),
            config.namespace());
        continue;
      }
      valid++;
      if (r.node().equals(identity.nodeId())) {
        continue;
      }
      Candidate c = candidates.get(r.node());
      if (c == null) {
        if (candidates.size() >= MAX_CANDIDATES) {
          continue;
        }
        c = new Candidate(r.node());
        candidates.put(r.node(), c);
        logger.debug("rendezvous: {} learnt {} at {}", p.point, r.node(), x.address());
      }
      c.address = x.address();
      c.via = p.point;
      c.seenMillis = now;
    }
    p.found = valid;
    p.state = "registered for " + p.grantedTtl + " s";
    long ttlMillis = TimeUnit.SECONDS.toMillis(config.ttlSeconds());
    candidates.values().removeIf(c -> !c.dialling && now - c.seenMillis > ttlMillis);
  }

  private void dialCandidates(Set<NodeId> connected, long now) {
    long inflight = candidates.values().stream().filter(c -> c.dialling).count();
    for (Candidate c : candidates.values()) {
      if (inflight >= MAX_INFLIGHT) {
        return;
      }
      if (connected.contains(c.node)) {
        c.state = "connected";
        continue;
      }
      if (mesh.isBanned(c.node)) {
        c.state = "banned here";
        continue;
      }
      if (c.dialling || now - c.notBeforeNanos < 0) {
        continue;
      }
      CompletableFuture<PeerInfo> f;
      try {
        f = mesh.connect(c.address);
      } catch (IllegalStateException stopped) {
        return;
      }
      c.dialling = true;
      c.state = "dialling";
      inflight++;
      logger.debug("rendezvous: dialling {} at {} (via {})", c.node, c.address, c.via);
      f.whenComplete((peer, failure) -> post(() -> candidateDialled(c, peer, failure)));
    }
  }

  private void candidateDialled(Candidate c, PeerInfo peer, Throwable failure) {
    c.dialling = false;
    long now = nanos.getAsLong();
    if (failure == null && peer.nodeId().equals(c.node)) {
      c.failures = 0;
      c.state = "connected";
      c.notBeforeNanos = now + TimeUnit.MILLISECONDS.toNanos(config.refreshMillis());
      logger.debug("rendezvous: connected to {} at {}", c.node, c.address);
      return;
    }
    c.failures++;
    c.state =
        failure != null
            ? "failed: " + message(failure)
            : "failed: " + c.address + " is " + peer.nodeId() + ", not " + c.node;
    long backoff = backoff(c.failures, c.state);
    c.notBeforeNanos = now + TimeUnit.MILLISECONDS.toNanos(backoff);
    logger.debug("rendezvous: {} {}; next try in {} ms", c.node, c.state, backoff);
  }

  // ---- for the shell and tests ----

  /** One point as the shell shows it. */
  record PointView(String point, Optional<NodeId> node, String state, int found) {}

  /** One node learnt from points. */
  record CandidateView(NodeId node, InetSocketAddress address, String via, String state) {}

  synchronized List<PointView> points() {
    return points.stream()
        .map(p -> new PointView(p.point.toString(), Optional.ofNullable(p.node), p.state, p.found))
        .toList();
  }

  synchronized List<CandidateView> candidates() {
    return candidates.values().stream()
        .map(c -> new CandidateView(c.node, c.address, c.via.toString(), c.state))
        .toList();
  }

  /** The registrations this node holds as a point; empty if it does not serve. */
  List<RendezvousRegistry.Entry> registrations() {
    return registry == null ? List.of() : registry.list();
  }

  boolean serving() {
    return registry != null;
  }

  RendezvousConfig config() {
    return config;
  }
}
