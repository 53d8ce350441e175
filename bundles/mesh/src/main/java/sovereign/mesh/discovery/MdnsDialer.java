package sovereign.mesh.discovery;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.osgi.service.log.Logger;
import sovereign.api.identity.NodeId;
import sovereign.api.mesh.Mesh;
import sovereign.api.mesh.MeshStatus;
import sovereign.api.mesh.PeerInfo;

/**
 * What mDNS found, and the dials it leads to. The mDNS listener reports instances ({@link #seen},
 * {@link #gone}); {@link #tick} dials the ones that are due. Kept apart from JmDNS so that tests
 * can feed it directly.
 *
 * <p>An instance carries no NodeID (nothing is advertised that a port scan would not show), so an
 * address is tied to a node only once a dial to it succeeds. An instance is not dialled when it is
 * this node's own (by name, by a local address with our port, or because a dial reached us), when
 * one of its addresses is the address of a connected peer or leads to a connected or banned node,
 * or while its address backs off: after a failure from {@code backoffMillis}, doubling up to {@code
 * backoffMaxMillis}, and an hour after the other side refused admission. At most {@value
 * #MAX_INFLIGHT} dials run at once, and at most {@value #MAX_INSTANCES} instances are kept, so a
 * flood of announcements on the LAN costs bounded memory.
 */
final class MdnsDialer {

  /** The most instances kept; further ones are ignored until some go. */
  static final int MAX_INSTANCES = 256;

  /** The most dials under way at once. */
  static final int MAX_INFLIGHT = 4;

  /** How long an address whose node refused admission is left alone. */
  static final long REFUSED_BACKOFF_MILLIS = 3_600_000;

  /** One instance as the shell shows it. */
  record Found(
      String instance, List<InetSocketAddress> addresses, Optional<NodeId> node, String state) {}

  private final Mesh mesh;
  private final Logger logger;
  private final LongSupplier nanos;
  private final long backoffMillis;
  private final long backoffMaxMillis;
  private final Set<String> own = ConcurrentHashMap.newKeySet();

  /** Guarded by this. */
  private final Map<String, List<InetSocketAddress>> instances = new LinkedHashMap<>();

  /** Guarded by this. */
  private final Map<InetSocketAddress, Attempt> attempts = new HashMap<>();

  /** Addresses found to be this node (a dial reached it); guarded by this. */
  private final Set<InetSocketAddress> self = new HashSet<>();

  private long dials;
  private long failures;

  /** Dials to one address; guarded by the dialer. */
  private static final class Attempt {
    boolean inflight;
    int failures;
    long notBeforeNanos;
    NodeId node;
    String lastError = "";
  }

  MdnsDialer(Mesh mesh, Logger logger, LongSupplier nanos, long backoffMillis, long backoffMax) {
    this.mesh = mesh;
    this.logger = logger;
    this.nanos = nanos;
    this.backoffMillis = Math.max(1, backoffMillis);
    this.backoffMaxMillis = Math.max(this.backoffMillis, backoffMax);
  }

  private static String key(String instance) {
    return instance.toLowerCase(Locale.ROOT); // DNS names compare without case.
  }

  /** Marks an instance name as this node's own advertisement. */
  void ownInstance(String instance) {
    own.add(key(instance));
  }

  /** mDNS resolved an instance to these addresses (with the port it advertises). */
  synchronized void seen(String instance, List<InetSocketAddress> addresses) {
    String k = key(instance);
    if (own.contains(k) || addresses.isEmpty()) {
      return;
    }
    if (!instances.containsKey(k) && instances.size() >= MAX_INSTANCES) {
      logger.debug("mDNS: ignoring {}: {} instances known already", instance, MAX_INSTANCES);
      return;
    }
    if (instances.put(k, List.copyOf(addresses)) == null) {
      logger.debug("mDNS: found {} at {}", instance, addresses);
    }
  }

  /** mDNS said an instance went away (goodbye, or its records expired). */
  synchronized void gone(String instance) {
    if (instances.remove(key(instance)) != null) {
      logger.debug("mDNS: {} went away", instance);
      retainAttempts();
    }
  }

  private void retainAttempts() {
    Set<InetSocketAddress> live = new HashSet<>();
    instances.values().forEach(live::addAll);
    attempts.entrySet().removeIf(e -> !live.contains(e.getKey()) && !e.getValue().inflight);
  }

  /** Dials the instances that are due; called on the discovery thread. */
  void tick() {
    MeshStatus status = mesh.status();
    if (!status.running()) {
      return;
    }
    int port = status.listening().orElseThrow().getPort();
    Set<NodeId> connected = new HashSet<>();
    Set<InetSocketAddress> peerAddresses = new HashSet<>();
    for (PeerInfo p : mesh.peers()) {
      connected.add(p.nodeId());
      peerAddresses.add(p.address());
    }
    long now = nanos.getAsLong();
    synchronized (this) {
      long inflight = attempts.values().stream().filter(a -> a.inflight).count();
      for (Map.Entry<String, List<InetSocketAddress>> e : instances.entrySet()) {
        if (inflight >= MAX_INFLIGHT) {
          return;
        }
        InetSocketAddress due = due(e.getValue(), port, connected, peerAddresses, now);
        if (due != null) {
          dial(e.getKey(), due, now);
          inflight++;
        }
      }
    }
  }

  /** The address of an instance to dial now, or null if the instance is to be left alone. */
  private InetSocketAddress due(
      List<InetSocketAddress> addresses,
      int ourPort,
      Set<NodeId> connected,
      Set<InetSocketAddress> peerAddresses,
      long now) {
    InetSocketAddress due = null;
    for (InetSocketAddress a : addresses) {
      Attempt at = attempts.get(a);
      if (self.contains(a) || isLocal(a, ourPort) || peerAddresses.contains(a)) {
        return null;
      }
      if (at != null && at.node != null && (connected.contains(at.node) || banned(at.node))) {
        return null;
      }
      if (at != null && (at.inflight || now - at.notBeforeNanos < 0)) {
        continue;
      }
      if (due == null) {
        due = a;
      }
    }
    return due;
  }

  private boolean banned(NodeId node) {
    return mesh.isBanned(node);
  }

  /** Whether {@code a} is this machine with our mesh port: our own listener. */
  private static boolean isLocal(InetSocketAddress a, int ourPort) {
    if (a.getPort() != ourPort) {
      return false;
    }
    InetAddress ip = a.getAddress();
    try {
      return ip.isLoopbackAddress()
          || ip.isAnyLocalAddress()
          || NetworkInterface.getByInetAddress(ip) != null;
    } catch (SocketException e) {
      return false;
    }
  }

  private void dial(String instance, InetSocketAddress address, long now) {
    CompletableFuture<PeerInfo> f;
    try {
      f = mesh.connect(address);
    } catch (IllegalStateException stopped) {
      return; // The mesh stopped since the status was read: the next tick sees it.
    }
    Attempt at = attempts.computeIfAbsent(address, k -> new Attempt());
    at.inflight = true;
    dials++;
    logger.debug("mDNS: dialling {} at {}", instance, address);
    f.whenComplete((peer, failure) -> dialled(instance, address, at, peer, failure));
  }

  private synchronized void dialled(
      String instance, InetSocketAddress address, Attempt at, PeerInfo peer, Throwable failure) {
    at.inflight = false;
    long now = nanos.getAsLong();
    if (failure == null) {
      at.failures = 0;
      at.lastError = "";
      at.node = peer.nodeId();
      at.notBeforeNanos = now + TimeUnit.MILLISECONDS.toNanos(backoffMillis);
      if (peer.nodeId().equals(mesh.nodeId())) {
        self.add(address); // Another name for this node: never again.
      }
      logger.debug("mDNS: connected to {} ({}) at {}", peer.nodeId(), instance, address);
      return;
    }
    failures++;
    at.failures++;
    Throwable cause = failure.getCause() != null ? failure.getCause() : failure;
    at.lastError = String.valueOf(cause.getMessage());
    long backoff =
        at.lastError.contains("ADMISSION")
            ? REFUSED_BACKOFF_MILLIS
            : Math.min(backoffMaxMillis, backoffMillis << Math.min(at.failures - 1, 20));
    at.notBeforeNanos = now + TimeUnit.MILLISECONDS.toNanos(backoff);
    logger.debug(
        "mDNS: cannot dial {} at {}: {}; next try in {} ms",
        instance,
        address,
        at.lastError,
        backoff);
  }

  /** The instances found, for the shell. */
  List<Found> found() {
    // The peers are read before taking the lock: the mesh answers on the thread that completes
    // dials, and dialled() needs the lock.
    Set<NodeId> connected = new HashSet<>();
    mesh.peers().forEach(p -> connected.add(p.nodeId()));
    synchronized (this) {
      return found(connected);
    }
  }

  private List<Found> found(Set<NodeId> connected) {
    long now = nanos.getAsLong();
    List<Found> out = new ArrayList<>();
    instances.forEach(
        (name, addresses) -> {
          Optional<NodeId> node = Optional.empty();
          String state = "to dial";
          for (InetSocketAddress a : addresses) {
            Attempt at = attempts.get(a);
            if (self.contains(a)) {
              state = "this node";
            } else if (at == null) {
              continue;
            } else if (at.node != null && connected.contains(at.node)) {
              node = Optional.of(at.node);
              state = "connected";
              break;
            } else if (at.inflight) {
              state = "dialling";
            } else if (!at.lastError.isEmpty()) {
              Duration wait = Duration.ofNanos(Math.max(0, at.notBeforeNanos - now));
              state = "retry in " + wait.toSeconds() + " s: " + at.lastError;
            }
            if (at.node != null) {
              node = Optional.of(at.node);
            }
          }
          out.add(new Found(name, addresses, node, state));
        });
    return out;
  }

  synchronized long dials() {
    return dials;
  }

  synchronized long failures() {
    return failures;
  }
}
