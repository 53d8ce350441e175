package sovereign.mesh.heartbeat;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;
import org.osgi.service.metatype.annotations.Designate;
import sovereign.api.identity.NodeId;
import sovereign.api.ledger.Head;
import sovereign.api.ledger.Ledger;
import sovereign.api.mesh.Mesh;
import sovereign.api.mesh.MeshMessage;
import sovereign.api.mesh.PeerInfo;
import sovereign.api.mesh.Verdict;

/**
 * Heartbeats and peer exchange over the mesh (configuration PID {@value #PID}, see {@link
 * HeartbeatConfig}).
 *
 * <p><b>Heartbeats.</b> Every {@code intervalMillis} (5 s) this node publishes a {@link Beat} on
 * {@value #TOPIC}. The topic's validator REJECTs a beat that is malformed, that claims a NodeID
 * other than the gossip message's origin (forged), or whose sequence number is not greater than the
 * last one accepted from that node (a replay; the router already drops copies of a message it still
 * remembers, and a node's sequence numbers grow across its restarts). It IGNOREs a beat that is
 * valid but stale: made more than {@value #STALE_MILLIS} ms ago by this node's clock, so it says
 * nothing about the sender being alive. Each peer's beats feed a table: last beat, beats received,
 * intervals missed, health (the fraction of the beats expected over the last {@value #WINDOW}
 * intervals that arrived), versions and ledger head. A connected peer that beat at least once and
 * then stays silent for {@code missedBeats} (3) intervals, counted from its last beat or from when
 * it (re)connected, is evicted: disconnected and logged. A peer that never beat (a node without
 * this component) is not held to heartbeats.
 *
 * <p><b>Peer exchange.</b> Every {@code peerExchangeMillis} (30 s), and at the next two beats after
 * a peer connects, this node publishes its {@link PeerRecord} on {@value #PEERS_TOPIC}. The
 * validator REJECTs a record that is malformed, whose NodeID is not the origin, whose expiry lies
 * more than a day ahead, or whose sequence number is not greater than the one held for that node;
 * it IGNOREs an expired one. Records fill an {@link AddressBook} of at most {@value
 * AddressBook#CAPACITY}. While fewer than {@code targetPeers} (8) peers are connected, each beat
 * dials nodes of the book that are not connected, trying their addresses in turn, never this node
 * nor one of its addresses; a failed dial is retried after one interval, doubling up to 10 minutes,
 * or after an hour if the other side refused admission (a ban), and an evicted node is not dialled
 * for {@value #EVICTED_BACKOFF_MILLIS} ms. A node this node bans ({@link Mesh#isBanned}) is not
 * dialled at all: the handshake would refuse it.
 *
 * <p>Everything runs on one thread ({@value #THREAD}), but the validators (on the gossip thread)
 * and the handlers (on the mesh delivery thread).
 */
@Component(service = Heartbeats.class, immediate = true, configurationPid = Heartbeats.PID)
@Designate(ocd = HeartbeatConfig.class)
public final class Heartbeats {

  /** The configuration PID. */
  public static final String PID = "sovereign.mesh.heartbeat";

  /** The heartbeat topic. */
  public static final String TOPIC = "sovereign/heartbeat/1";

  /** The peer-exchange topic. */
  public static final String PEERS_TOPIC = "sovereign/peers/1";

  /** The thread that beats, evicts and dials. */
  static final String THREAD = "sovereign-mesh-heartbeat";

  /** The intervals over which health is measured. */
  static final int WINDOW = 10;

  /** The most peers the heartbeat table holds. */
  static final int MAX_TABLE = 1000;

  /** A beat older than this, by the receiver's clock, is stale. */
  static final long STALE_MILLIS = 600_000;

  /** A peer record may not expire later than this after it arrives. */
  static final long MAX_RECORD_TTL_MILLIS = 86_400_000;

  /** A peer record lasts this many peer-exchange intervals. */
  static final int RECORD_TTL_INTERVALS = 10;

  /** How long an evicted node is not dialled from the address book. */
  static final long EVICTED_BACKOFF_MILLIS = 60_000;

  /** How long a node that refused admission is not dialled. */
  static final long REFUSED_BACKOFF_MILLIS = 3_600_000;

  /** The longest backoff after failed dials. */
  static final long MAX_BACKOFF_MILLIS = 600_000;

  @Reference Mesh mesh;

  @Reference(service = LoggerFactory.class)
  Logger logger;

  @Reference(
      cardinality = ReferenceCardinality.OPTIONAL,
      policy = ReferencePolicy.DYNAMIC,
      policyOption = ReferencePolicyOption.GREEDY)
  volatile Ledger ledger;

  Clock clock = Clock.systemUTC();
  LongSupplier nanos = System::nanoTime;
  Supplier<String> nodeVersion = () -> "unknown";
  Supplier<Map<String, String>> bundleVersions = Map::of;

  private HeartbeatConfig config;
  private long intervalNanos;
  private NodeId self;
  private long startNanos;
  private List<InetSocketAddress> configuredAddresses;
  private ScheduledExecutorService timer;
  private AddressBook book;
  private final List<AutoCloseable> registrations = new ArrayList<>();

  /** Guarded by itself. */
  private final Map<NodeId, Peer> table = new HashMap<>();

  /** The last sequence number accepted per node. */
  private final Map<NodeId, Long> lastSequence = new ConcurrentHashMap<>();

  /** When each connected peer was first seen connected, by {@link #nanos}; timer thread only. */
  private final Map<NodeId, Long> connectedAt = new HashMap<>();

  /** Guarded by itself. */
  private final Map<NodeId, Dial> dials = new HashMap<>();

  private final Map<NodeId, AtomicLong> dialled = new ConcurrentHashMap<>();
  private final Map<String, AtomicLong> counters = new ConcurrentHashMap<>();
  private long beatSequence;
  private long recordSequence;
  private long nextRecordNanos;
  private int pendingRecords;

  /** One peer's heartbeats; guarded by {@link #table}. */
  private static final class Peer {
    final long firstNanos;
    final ArrayDeque<Long> recent = new ArrayDeque<>();
    long lastNanos;
    long beats;
    int evictions;
    Beat last;

    Peer(long now) {
      this.firstNanos = now;
    }

    void beat(Beat beat, long now) {
      last = beat;
      lastNanos = now;
      beats++;
      recent.addLast(now);
      while (recent.size() > WINDOW + 2) {
        recent.removeFirst();
      }
    }

    double health(long now, long interval) {
      long window = Math.min(WINDOW * interval, now - firstNanos);
      long expected = Math.max(1, window / interval);
      long from = now - window - interval / 2;
      long got = recent.stream().filter(t -> t - from > 0).count();
      return Math.min(1.0, (double) got / expected);
    }
  }

  /** Dial attempts to one node of the book; guarded by {@link #dials}. */
  private static final class Dial {
    boolean inflight;
    int attempts;
    int failures;
    long notBeforeNanos;
  }

  @Activate
  void activate(BundleContext context, HeartbeatConfig config) {
    if (context != null) {
      Bundle own = context.getBundle();
      nodeVersion =
          () -> {
            for (Bundle b : context.getBundles()) {
              if ("sovereign.node".equals(b.getSymbolicName())) {
                return b.getVersion().toString();
              }
            }
            return own.getVersion().toString();
          };
      bundleVersions =
          () -> {
            Map<String, String> out = new TreeMap<>();
            for (Bundle b : context.getBundles()) {
              String name = b.getSymbolicName();
              if (name != null && name.startsWith(Beat.BUNDLE_PREFIX)) {
                out.put(name, b.getVersion().toString());
              }
            }
            return out;
          };
    }
    start(config);
  }

  /** Starts beating (activation without OSGi, for tests). */
  synchronized void start(HeartbeatConfig config) {
    if (config.intervalMillis() <= 0
        || config.missedBeats() < 1
        || config.peerExchangeMillis() <= 0
        || config.targetPeers() < 0) {
      throw new IllegalArgumentException(
          PID
              + ": intervalMillis and peerExchangeMillis must be positive, missedBeats at least 1"
              + " and targetPeers not negative");
    }
    if (config.advertise().length > PeerRecord.MAX_ADDRESSES) {
      throw new IllegalArgumentException(
          PID + ": advertise holds at most " + PeerRecord.MAX_ADDRESSES + " addresses");
    }
    List<InetSocketAddress> configured = new ArrayList<>();
    for (String a : config.advertise()) {
      configured.add(parseAddress(a));
    }
    this.config = config;
    this.configuredAddresses = List.copyOf(configured);
    this.intervalNanos = TimeUnit.MILLISECONDS.toNanos(config.intervalMillis());
    this.self = mesh.nodeId();
    this.startNanos = nanos.getAsLong();
    this.nextRecordNanos = startNanos;
    this.book = new AddressBook(self, AddressBook.CAPACITY);
    registrations.add(mesh.registerValidator(TOPIC, this::validateBeat));
    registrations.add(mesh.subscribe(TOPIC, this::onBeat));
    registrations.add(mesh.registerValidator(PEERS_TOPIC, this::validateRecord));
    registrations.add(mesh.subscribe(PEERS_TOPIC, this::onRecord));
    timer =
        Executors.newSingleThreadScheduledExecutor(
            task -> {
              Thread t = new Thread(task, THREAD);
              t.setDaemon(true);
              return t;
            });
    timer.scheduleAtFixedRate(this::tick, 0, config.intervalMillis(), TimeUnit.MILLISECONDS);
    logger.info(
        "mesh heartbeats every {} ms (eviction after {} missed), peer exchange every {} ms,"
            + " target {} peers",
        config.intervalMillis(),
        config.missedBeats(),
        config.peerExchangeMillis(),
        config.targetPeers());
  }

  @Deactivate
  synchronized void deactivate() {
    if (timer != null) {
      timer.shutdownNow();
      try {
        timer.awaitTermination(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      timer = null;
    }
    for (int i = registrations.size() - 1; i >= 0; i--) {
      try {
        registrations.get(i).close();
      } catch (Exception e) {
        logger.warn("mesh heartbeats: cannot unsubscribe: {}", e.toString());
      }
    }
    registrations.clear();
  }

  static InetSocketAddress parseAddress(String text) {
    String s = text.strip();
    int colon = s.lastIndexOf(':');
    if (colon <= 0) {
      throw new IllegalArgumentException("'" + text + "' is not IP:port");
    }
    String host = s.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    try {
      int port = Integer.parseInt(s.substring(colon + 1));
      if (port < 1 || port > 65535) {
        throw new IllegalArgumentException("'" + text + "': the port must be 1 to 65535");
      }
      return new InetSocketAddress(InetAddress.getByName(host), port);
    } catch (NumberFormatException | UnknownHostException e) {
      throw new IllegalArgumentException("'" + text + "' is not IP:port: " + e.getMessage(), e);
    }
  }

  // ---- the timer thread ----

  private void tick() {
    try {
      if (!mesh.status().running()) {
        return;
      }
      long now = nanos.getAsLong();
      mesh.publish(TOPIC, nextBeat().encode());
      List<PeerInfo> peers = mesh.peers();
      Set<NodeId> connected = new HashSet<>();
      peers.forEach(p -> connected.add(p.nodeId()));
      connectedAt.keySet().retainAll(connected);
      for (NodeId id : connected) {
        if (connectedAt.putIfAbsent(id, now) == null) {
          pendingRecords = 2;
        }
      }
      evictSilent(connected, now);
      if (pendingRecords > 0 || now - nextRecordNanos >= 0) {
        pendingRecords = Math.max(0, pendingRecords - 1);
        publishRecord(now);
      }
      book.expire(clock.millis());
      dial(connected, now);
    } catch (RuntimeException e) {
      logger.warn("mesh heartbeat failed: {}", e.toString(), e);
    }
  }

  /** The next beat of this node. */
  Beat nextBeat() {
    long seq;
    synchronized (this) {
      beatSequence = Math.max(beatSequence + 1, clock.millis());
      seq = beatSequence;
    }
    return new Beat(
        self,
        seq,
        clock.millis(),
        TimeUnit.NANOSECONDS.toMillis(nanos.getAsLong() - startNanos),
        nodeVersion.get(),
        new TreeMap<>(bundleVersions.get()),
        ledgerHead());
  }

  private Optional<Beat.LedgerHead> ledgerHead() {
    Ledger l = ledger;
    if (l == null) {
      return Optional.empty();
    }
    try {
      Head h = l.heads().get(self);
      return h == null
          ? Optional.empty()
          : Optional.of(new Beat.LedgerHead(h.sequence(), h.hash().toString()));
    } catch (RuntimeException e) {
      logger.debug("mesh heartbeat: no ledger head: {}", e.toString());
      return Optional.empty();
    }
  }

  private void evictSilent(Set<NodeId> connected, long now) {
    long limit = config.missedBeats() * intervalNanos;
    for (NodeId id : connected) {
      long silence;
      Peer p;
      synchronized (table) {
        p = table.get(id);
        if (p == null) {
          continue; // Never beat: not held to heartbeats.
        }
        silence = now - Math.max(p.lastNanos, connectedAt.get(id));
        if (silence <= limit) {
          continue;
        }
        p.evictions++;
      }
      connectedAt.remove(id);
      count("evicted");
      synchronized (dials) {
        dials.computeIfAbsent(id, k -> new Dial()).notBeforeNanos =
            now + TimeUnit.MILLISECONDS.toNanos(EVICTED_BACKOFF_MILLIS);
      }
      mesh.disconnect(id);
      logger.warn(
          "mesh: evicted {}: no heartbeat for {} ms ({} intervals of {} ms missed)",
          id,
          TimeUnit.NANOSECONDS.toMillis(silence),
          silence / intervalNanos,
          config.intervalMillis());
    }
  }

  /** This node's peer record, if the mesh has an address to advertise. */
  Optional<PeerRecord> nextRecord() {
    List<InetSocketAddress> addresses = advertised();
    if (addresses.isEmpty()) {
      return Optional.empty();
    }
    long seq;
    synchronized (this) {
      recordSequence = Math.max(recordSequence + 1, clock.millis());
      seq = recordSequence;
    }
    return Optional.of(
        new PeerRecord(
            self,
            seq,
            clock.millis() + RECORD_TTL_INTERVALS * config.peerExchangeMillis(),
            addresses));
  }

  private void publishRecord(long now) {
    nextRecordNanos = now + TimeUnit.MILLISECONDS.toNanos(config.peerExchangeMillis());
    nextRecord().ifPresent(r -> mesh.publish(PEERS_TOPIC, r.encode()));
  }

  /** The addresses this node advertises: see {@link PeerRecord}. */
  List<InetSocketAddress> advertised() {
    if (!configuredAddresses.isEmpty()) {
      return configuredAddresses;
    }
    Optional<InetSocketAddress> listening = mesh.status().listening();
    if (listening.isEmpty()) {
      return List.of();
    }
    InetSocketAddress l = listening.get();
    if (!l.getAddress().isAnyLocalAddress()) {
      return List.of(l);
    }
    List<InetSocketAddress> v4 = new ArrayList<>();
    List<InetSocketAddress> v6 = new ArrayList<>();
    try {
      for (NetworkInterface nif : Collections.list(NetworkInterface.getNetworkInterfaces())) {
        if (!nif.isUp() || nif.isLoopback()) {
          continue;
        }
        for (InetAddress a : Collections.list(nif.getInetAddresses())) {
          if (a.isLoopbackAddress() || a.isLinkLocalAddress() || a.isAnyLocalAddress()) {
            continue;
          }
          InetSocketAddress s =
              new InetSocketAddress(InetAddress.getByAddress(a.getAddress()), l.getPort());
          (a instanceof Inet4Address ? v4 : v6).add(s);
        }
      }
    } catch (SocketException | UnknownHostException e) {
      logger.warn("mesh: cannot list the network interfaces: {}", e.toString());
    }
    v4.sort(Comparator.comparing(InetSocketAddress::toString));
    v6.sort(Comparator.comparing(InetSocketAddress::toString));
    List<InetSocketAddress> all = new ArrayList<>(v4);
    all.addAll(v6);
    if (all.isEmpty()) {
      all.add(new InetSocketAddress(InetAddress.getLoopbackAddress(), l.getPort()));
    }
    return List.copyOf(all.subList(0, Math.min(all.size(), PeerRecord.MAX_ADDRESSES)));
  }

  private void dial(Set<NodeId> connected, long now) {
    List<InetSocketAddress> own = advertised();
    List<AddressBook.Entry> entries = book.list();
    synchronized (dials) {
      Set<NodeId> known = new HashSet<>();
      entries.forEach(e -> known.add(e.record().node()));
      dials
          .entrySet()
          .removeIf(
              e ->
                  !known.contains(e.getKey())
                      && !e.getValue().inflight
                      && now - e.getValue().notBeforeNanos >= 0);
      long inflight = dials.values().stream().filter(d -> d.inflight).count();
      long want = config.targetPeers() - connected.size() - inflight;
      for (AddressBook.Entry e : entries) {
        if (want <= 0) {
          return;
        }
        PeerRecord r = e.record();
        NodeId id = r.node();
        if (id.equals(self) || connected.contains(id) || mesh.isBanned(id)) {
          continue;
        }
        Dial d = dials.computeIfAbsent(id, k -> new Dial());
        if (d.inflight || now - d.notBeforeNanos < 0) {
          continue;
        }
        InetSocketAddress address = r.addresses().get(d.attempts % r.addresses().size());
        d.attempts++;
        if (own.contains(address)) {
          continue; // Another node claims one of our addresses: never dial ourselves.
        }
        CompletableFuture<PeerInfo> f;
        try {
          f = mesh.connect(address);
        } catch (IllegalStateException stopped) {
          return;
        }
        d.inflight = true;
        want--;
        dialled.computeIfAbsent(id, k -> new AtomicLong()).incrementAndGet();
        count("dials");
        logger.info("mesh: dialling {} at {} (address book)", id, address);
        f.whenComplete((peer, failure) -> dialled(id, d, address, peer, failure));
      }
    }
  }

  private void dialled(
      NodeId id, Dial d, InetSocketAddress address, PeerInfo peer, Throwable failure) {
    synchronized (dials) {
      d.inflight = false;
      if (failure == null) {
        d.failures = 0;
      } else {
        d.failures++;
        String message = String.valueOf(failure.getMessage());
        long backoff =
            message.contains("ADMISSION")
                ? REFUSED_BACKOFF_MILLIS
                : Math.min(
                    MAX_BACKOFF_MILLIS, config.intervalMillis() << Math.min(d.failures - 1, 20));
        d.notBeforeNanos = nanos.getAsLong() + TimeUnit.MILLISECONDS.toNanos(backoff);
      }
    }
    if (failure != null) {
      count("dial-failures");
      logger.info("mesh: cannot dial {} at {}: {}", id, address, failure.getMessage());
    } else if (!peer.nodeId().equals(id)) {
      logger.warn("mesh: dialled {} at {} but {} answered", id, address, peer.nodeId());
    } else {
      logger.info("mesh: connected to {} at {} (address book)", id, address);
    }
  }

  // ---- the gossip thread ----

  Verdict validateBeat(MeshMessage m) {
    Beat beat;
    try {
      beat = Beat.decode(m.payload());
    } catch (IllegalArgumentException e) {
      count("heartbeat.malformed");
      logger.debug("mesh: rejected a heartbeat from {}: {}", m.origin(), e.getMessage());
      return Verdict.REJECT;
    }
    if (!beat.node().equals(m.origin())) {
      count("heartbeat.forged");
      logger.warn("mesh: rejected a heartbeat from {} claiming to be {}", m.origin(), beat.node());
      return Verdict.REJECT;
    }
    if (beat.node().equals(self)) {
      return Verdict.ACCEPT;
    }
    Verdict[] verdict = {Verdict.ACCEPT};
    lastSequence.compute(
        beat.node(),
        (id, last) -> {
          if (last != null && beat.sequence() <= last) {
            verdict[0] = Verdict.REJECT;
            return last;
          }
          if (clock.millis() - beat.wallMillis() > STALE_MILLIS) {
            verdict[0] = Verdict.IGNORE;
            return last;
          }
          return beat.sequence();
        });
    if (verdict[0] == Verdict.REJECT) {
      count("heartbeat.replay");
      logger.debug(
          "mesh: rejected a replayed heartbeat of {} (sequence {})", beat.node(), beat.sequence());
    } else if (verdict[0] == Verdict.IGNORE) {
      count("heartbeat.stale");
    }
    return verdict[0];
  }

  Verdict validateRecord(MeshMessage m) {
    PeerRecord record;
    try {
      record = PeerRecord.decode(m.payload());
    } catch (IllegalArgumentException e) {
      count("record.malformed");
      logger.debug("mesh: rejected a peer record from {}: {}", m.origin(), e.getMessage());
      return Verdict.REJECT;
    }
    if (!record.node().equals(m.origin())) {
      count("record.forged");
      logger.warn("mesh: rejected a peer record from {} for {}", m.origin(), record.node());
      return Verdict.REJECT;
    }
    if (record.node().equals(self)) {
      return Verdict.ACCEPT;
    }
    long now = clock.millis();
    if (record.expiresMillis() - now > MAX_RECORD_TTL_MILLIS) {
      count("record.malformed");
      return Verdict.REJECT;
    }
    Optional<Long> held = book.sequence(record.node());
    if (held.isPresent() && record.sequence() <= held.get()) {
      count("record.replay");
      return Verdict.REJECT;
    }
    if (record.expiresMillis() <= now) {
      count("record.stale");
      return Verdict.IGNORE;
    }
    return Verdict.ACCEPT;
  }

  // ---- the delivery thread ----

  private void onBeat(MeshMessage m) {
    Beat beat = Beat.decode(m.payload());
    if (beat.node().equals(self)) {
      return;
    }
    long now = nanos.getAsLong();
    synchronized (table) {
      table.computeIfAbsent(beat.node(), id -> new Peer(now)).beat(beat, now);
      if (table.size() > MAX_TABLE) {
        table.entrySet().stream()
            .min(Comparator.comparingLong(e -> e.getValue().lastNanos))
            .map(Map.Entry::getKey)
            .ifPresent(table::remove);
      }
      if (lastSequence.size() > 4 * MAX_TABLE) {
        lastSequence.keySet().retainAll(table.keySet());
      }
    }
    count("heartbeat.accepted");
  }

  private void onRecord(MeshMessage m) {
    PeerRecord record = PeerRecord.decode(m.payload());
    if (!record.node().equals(self) && book.put(record, clock.millis())) {
      count("record.accepted");
    }
  }

  // ---- views ----

  /** This node's ID. */
  public NodeId nodeId() {
    return self;
  }

  /** The beat interval. */
  public Duration interval() {
    return Duration.ofMillis(config.intervalMillis());
  }

  /** The peers this node heard beat, by NodeID. */
  public List<PeerHeartbeat> table() {
    Set<NodeId> connected = new HashSet<>();
    mesh.peers().forEach(p -> connected.add(p.nodeId()));
    long now = nanos.getAsLong();
    List<PeerHeartbeat> out = new ArrayList<>();
    synchronized (table) {
      for (Map.Entry<NodeId, Peer> e : new TreeMap<>(table).entrySet()) {
        Peer p = e.getValue();
        out.add(
            new PeerHeartbeat(
                e.getKey(),
                connected.contains(e.getKey()),
                Duration.ofNanos(now - p.lastNanos),
                p.beats,
                (now - p.lastNanos) / intervalNanos,
                p.health(now, intervalNanos),
                p.last.sequence(),
                p.last.nodeVersion(),
                p.last.bundles(),
                p.last.head(),
                p.evictions));
      }
    }
    return out;
  }

  /** The address book: the peer records held, by NodeID. */
  public List<PeerRecord> addressBook() {
    return book.list().stream().map(AddressBook.Entry::record).toList();
  }

  /** How many times this node dialled each node from the address book. */
  public Map<NodeId, Long> dialled() {
    Map<NodeId, Long> out = new TreeMap<>();
    dialled.forEach((id, n) -> out.put(id, n.get()));
    return out;
  }

  /**
   * Counters: {@code heartbeat.accepted|malformed|forged|replay|stale}, {@code
   * record.accepted|malformed|forged|replay|stale}, {@code evicted}, {@code dials}, {@code
   * dial-failures}.
   */
  public SortedMap<String, Long> counters() {
    SortedMap<String, Long> out = new TreeMap<>();
    counters.forEach((k, v) -> out.put(k, v.get()));
    return out;
  }

  long counter(String name) {
    AtomicLong c = counters.get(name);
    return c == null ? 0 : c.get();
  }

  private void count(String name) {
    counters.computeIfAbsent(name, k -> new AtomicLong()).incrementAndGet();
  }
}
