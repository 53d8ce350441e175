package sovereign.mesh.discovery;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import sovereign.api.identity.NodeId;

/**
 * The registrations a rendezvous point holds, by namespace and node. Bounded: at most {@code
 * maxTotal} registrations, {@code maxPerNamespace} in one namespace and {@value
 * #MAX_NAMESPACES_PER_NODE} namespaces per node; a ttl over {@code maxTtlSeconds} is cut to it.
 * Expired registrations are dropped lazily, whenever the registry is used.
 *
 * <p>A registration is refused, with a {@link RefusedException} saying why and nothing changed,
 * when it is malformed, sent by a node other than the one it names (forged: the observed address
 * would be the sender's), badly signed, not newer than the one held (a replay), or when a bound is
 * reached (a refresh of a registration held is always taken).
 */
final class RendezvousRegistry {

  /** The most namespaces one node may be registered in at one point. */
  static final int MAX_NAMESPACES_PER_NODE = 8;

  /** A request the point refuses; its message is the reason the client sees. */
  static final class RefusedException extends IllegalArgumentException {
    RefusedException(String message) {
      super(message);
    }
  }

  /** A registration held, with the address observed for it and when it expires (epoch ms). */
  record Entry(Registration registration, InetAddress observed, long expiresMillis) {
    RendezvousWire.Found found() {
      return new RendezvousWire.Found(observed, registration);
    }
  }

  private final LongSupplier millis;
  private final Registration.Verifier verifier;
  private final int maxTotal;
  private final int maxPerNamespace;
  private final long maxTtlSeconds;

  /** Namespace, then node; guarded by this. */
  private final Map<String, Map<NodeId, Entry>> namespaces = new LinkedHashMap<>();

  private int size;

  RendezvousRegistry(
      LongSupplier millis,
      Registration.Verifier verifier,
      int maxTotal,
      int maxPerNamespace,
      long maxTtlSeconds) {
    if (maxTotal < 1 || maxPerNamespace < 1 || maxTtlSeconds < 1) {
      throw new IllegalArgumentException(
          "maxRegistrations, maxPerNamespace and maxTtlSeconds must be positive");
    }
    this.millis = millis;
    this.verifier = verifier;
    this.maxTotal = maxTotal;
    this.maxPerNamespace = maxPerNamespace;
    this.maxTtlSeconds = maxTtlSeconds;
  }

  /**
   * Answers one request of {@code from}, whose connection comes from {@code observed}.
   *
   * @throws IllegalArgumentException for a malformed or refused request (its message says why)
   */
  byte[] handle(NodeId from, InetAddress observed, byte[] request) {
    RendezvousWire.Request r = RendezvousWire.decodeRequest(request);
    return switch (r.kind()) {
      case REGISTER -> RendezvousWire.registered(register(from, observed, r.registration()));
      case DISCOVER ->
          RendezvousWire.found(
              discover(from, r.namespace(), r.limit()).stream().map(Entry::found).toList());
      case UNREGISTER -> RendezvousWire.unregistered(unregister(from, r.namespace()));
    };
  }

  /**
   * Takes a registration.
   *
   * @return the ttl granted, seconds
   * @throws RefusedException saying why, with nothing changed
   */
  synchronized long register(NodeId from, InetAddress observed, Registration r) {
    if (!r.node().equals(from)) {
      throw new RefusedException(
          "refused: a registration for " + r.node() + " sent by " + from + " (forged)");
    }
    if (!r.verify(verifier)) {
      throw new RefusedException("refused: the signature is not " + r.node() + "'s");
    }
    long now = millis.getAsLong();
    expire(now);
    Map<NodeId, Entry> ns = namespaces.get(r.namespace());
    Entry held = ns == null ? null : ns.get(from);
    if (held != null && r.sequence() <= held.registration().sequence()) {
      throw new RefusedException(
          "refused: sequence "
              + r.sequence()
              + " is not newer than the one held, "
              + held.registration().sequence()
              + " (a replay)");
    }
    if (held == null) {
      if (size >= maxTotal) {
        throw new RefusedException("refused: this point is full (" + maxTotal + " registrations)");
      }
      if (ns != null && ns.size() >= maxPerNamespace) {
        throw new RefusedException(
            "refused: namespace '" + r.namespace() + "' is full (" + maxPerNamespace + ")");
      }
      long mine = namespaces.values().stream().filter(m -> m.containsKey(from)).count();
      if (mine >= MAX_NAMESPACES_PER_NODE) {
        throw new RefusedException(
            "refused: a node registers in at most " + MAX_NAMESPACES_PER_NODE + " namespaces");
      }
    }
    long ttl = Math.min(r.ttlSeconds(), maxTtlSeconds);
    Entry e = new Entry(r, observed, now + TimeUnit.SECONDS.toMillis(ttl));
    if (namespaces.computeIfAbsent(r.namespace(), k -> new LinkedHashMap<>()).put(from, e)
        == null) {
      size++;
    }
    return ttl;
  }

  /** The registrations of a namespace, oldest first, {@code from}'s own left out. */
  synchronized List<Entry> discover(NodeId from, String namespace, int limit) {
    expire(millis.getAsLong());
    Map<NodeId, Entry> ns = namespaces.getOrDefault(namespace, Map.of());
    List<Entry> out = new ArrayList<>();
    for (Entry e : ns.values()) {
      if (out.size() >= limit) {
        break;
      }
      if (!e.registration().node().equals(from)) {
        out.add(e);
      }
    }
    return out;
  }

  /** Removes {@code from}'s registration in a namespace; false if there was none. */
  synchronized boolean unregister(NodeId from, String namespace) {
    expire(millis.getAsLong());
    Map<NodeId, Entry> ns = namespaces.get(namespace);
    if (ns == null || ns.remove(from) == null) {
      return false;
    }
    size--;
    if (ns.isEmpty()) {
      namespaces.remove(namespace);
    }
    return true;
  }

  /** Every registration held, by namespace then node, for the shell. */
  synchronized List<Entry> list() {
    expire(millis.getAsLong());
    List<Entry> out = new ArrayList<>();
    namespaces.values().forEach(m -> out.addAll(m.values()));
    out.sort(
        Comparator.comparing((Entry e) -> e.registration().namespace())
            .thenComparing(e -> e.registration().node()));
    return out;
  }

  synchronized int size() {
    expire(millis.getAsLong());
    return size;
  }

  private void expire(long now) {
    Map<String, Map<NodeId, Entry>> empty = new HashMap<>();
    for (Map.Entry<String, Map<NodeId, Entry>> ns : namespaces.entrySet()) {
      int before = ns.getValue().size();
      ns.getValue().values().removeIf(e -> e.expiresMillis() <= now);
      size -= before - ns.getValue().size();
      if (ns.getValue().isEmpty()) {
        empty.put(ns.getKey(), ns.getValue());
      }
    }
    empty.keySet().forEach(namespaces::remove);
  }
}
