package sovereign.mesh.replication;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;
import org.osgi.service.metatype.annotations.Designate;
import sovereign.api.identity.NodeId;
import sovereign.api.ledger.Entry;
import sovereign.api.ledger.Equivocation;
import sovereign.api.ledger.Hash;
import sovereign.api.ledger.Head;
import sovereign.api.ledger.ImportResult;
import sovereign.api.ledger.Ledger;
import sovereign.api.mesh.Mesh;
import sovereign.api.mesh.MeshMessage;
import sovereign.api.mesh.PeerInfo;
import sovereign.api.mesh.Verdict;

/**
 * Replicates the swarm ledger over the mesh (configuration PID {@code sovereign.mesh.replication},
 * see {@link LedgerReplicationConfig}).
 *
 * <p><b>Model.</b> Each actor writes its own append-only signed chain; the swarm ledger is the
 * union of the chains, a grow-only set of entries, so replicas that have received the same entries
 * hold the same ledger whatever the order (the ledger's snapshot is byte-identical). Two entries of
 * one actor at one sequence are an equivocation: both are kept (the ledger stores the second as
 * proof and flags the actor) and spread like any other entry.
 *
 * <p><b>New entries.</b> The {@link Ledger} API has no listener, so every {@code pollMillis}
 * (default 1 s) this node reads the head of its own chain and publishes the entries after the last
 * one it published on {@value #ENTRIES_TOPIC}, at most {@code maxBatch} per poll (more follow at
 * the next poll). The payload is a batch of canonical entry records ({@link EntryWire}), at most
 * {@code maxBatch} entries and {@value #MAX_BATCH_BYTES} bytes per message. A publish that fails
 * (the node runs alone) is retried at the next poll.
 *
 * <p><b>Validation</b> (on the gossip thread, so without ledger I/O): a payload that does not
 * decode, or holds an entry whose signature by its actor does not verify over the recomputed hash,
 * or whose link is malformed (a zero {@code previous} anywhere but at sequence 0) is {@link
 * Verdict#REJECT}ed: the router lowers the sender's score. A batch whose every entry lies beyond
 * what this node holds or has accepted of its actor's chain (a gap) is {@link Verdict#IGNORE}d: its
 * entries are kept aside (at most {@code 8 × maxBatch}, for a few anti-entropy periods) and
 * imported once the gap is filled. Anything else is {@link Verdict#ACCEPT}ed and forwarded, and its
 * entries are imported, in order, on this component's thread. An authentic entry the ledger still
 * refuses (it spends money this node has not seen yet, it does not link to the entry held before
 * it) is kept aside likewise and retried after every import that added something: it is not the
 * forwarder's fault.
 *
 * <p><b>Anti-entropy.</b> Every {@code antiEntropyMillis} (default 10 s), a poll after a new peer
 * connects, and (at most four times per period) when a peer's heads show this node behind, it
 * publishes its heads on {@value #HEADS_TOPIC} ({@link HeadsWire}: per actor, sequence, hash and
 * how many equivocation proofs it holds). Gossip is a broadcast, so every node sees every node's
 * heads; on heads from peer P, for each actor A this node is ahead on (and has not flagged):
 *
 * <ul>
 *   <li>The nodes this node knows to be ahead of P on A (their heads, heard within three periods,
 *       show a higher sequence; itself included) are ranked by SHA-256(P, A, node, P's sequence): a
 *       random-looking but common order, which spreads the work over the nodes. Only the first
 *       ranked repairs; if P announces the same sequence of A again (the repair got lost, or the
 *       first ranked is gone), one more rank joins per announcement, so repair never stalls on one
 *       node.
 *   <li>The repair is A's entries from P's sequence + 1, at most {@code maxBatch}, published on
 *       {@value #ENTRIES_TOPIC}; across all actors at most {@code maxBatch} entries per heads
 *       message. The same (A, first sequence) is not sent twice within half a period. Since the
 *       repair is broadcast, every node behind at that point uses it.
 *   <li>If P holds a different entry at its head sequence than this node holds there, this node
 *       sends its own: P then detects the equivocation.
 *   <li>If this node holds more proofs of A than P announced, it republishes both entries of each
 *       proof it holds for A (same ranking and limits).
 * </ul>
 *
 * <p><b>Bounds.</b> Per period each node publishes one heads message (plus at most four reactive
 * ones), ≤ 74 bytes per actor, ≤ {@value HeadsWire#MAX_ACTORS} actors (more rotate). Each heads
 * message received causes at most {@code maxBatch} entries of repair from this node, and normally
 * from one node of the swarm. A node {@code k} batches behind catches up in about {@code k} heads
 * round trips (a node behind announces again at once, rate-limited). Convergence: once the network
 * is connected and nothing new is written, every gap is repaired within a few periods, after which
 * all nodes hold the same union; a flagged actor's entries after the proof are refused by every
 * ledger and not repaired, so its chain may stay at different lengths, which the proofs explain.
 */
@Component(
    service = {},
    immediate = true,
    configurationPid = LedgerReplication.PID)
@Designate(ocd = LedgerReplicationConfig.class)
public final class LedgerReplication {

  static final String PID = "sovereign.mesh.replication";

  /** Entries: batches of canonical entry records ({@link EntryWire}). */
  public static final String ENTRIES_TOPIC = "sovereign/ledger/entries/1";

  /** Heads for anti-entropy ({@link HeadsWire}). */
  public static final String HEADS_TOPIC = "sovereign/ledger/heads/1";

  /** Most bytes of records in one published batch (the mesh takes up to 1 MiB). */
  static final int MAX_BATCH_BYTES = 512 * 1024;

  static final String THREAD = "sovereign-ledger-replication";

  @Reference Mesh mesh;
  @Reference Ledger ledger;

  @Reference(service = LoggerFactory.class)
  Logger logger;

  private LedgerReplicationConfig config;
  private int maxBatch;
  private long antiEntropyMillis;
  private ScheduledExecutorService worker;
  private final List<AutoCloseable> registrations = new ArrayList<>();
  private NodeId self;

  // --- read by the validator (gossip thread) ---
  private volatile Map<NodeId, Long> heldHeads = Map.of();

  /** Highest sequence per actor accepted by the validator (gossip thread only). */
  private final Map<NodeId, Long> accepted = new ConcurrentHashMap<>();

  // --- state of the worker thread ---
  private long lastPublished = -1;
  private long nextHeadsAt;
  private long lastHeadsAt;
  private Set<NodeId> knownPeers = Set.of();
  private final Set<Hash> knownProofs = new HashSet<>();
  private final Map<NodeId, TreeMap<Long, Pending>> pending = new HashMap<>();
  private int pendingCount;
  private final Map<NodeId, Announced> peerHeads = new HashMap<>();
  private final Map<String, Long> repairedAt = new HashMap<>();
  private final Map<String, Integer> stuck = new HashMap<>();
  private int headsOffset;

  // counters, for tests and diagnosis
  volatile long published;
  volatile long imported;
  volatile long rejected;
  volatile long repairs;

  private record Pending(Entry entry, long since) {}

  private record Announced(Map<NodeId, HeadsWire.ActorHead> heads, long at) {}

  @Activate
  void activate(LedgerReplicationConfig config) {
    this.config = config;
    this.maxBatch = Math.max(1, Math.min(config.maxBatch(), EntryWire.MAX_COUNT));
    this.antiEntropyMillis = Math.max(50, config.antiEntropyMillis());
    this.self = mesh.nodeId();
    worker =
        Executors.newSingleThreadScheduledExecutor(
            task -> {
              Thread t = new Thread(task, THREAD);
              t.setDaemon(true);
              return t;
            });
    Head own = ledger.heads().get(self);
    lastPublished = own == null ? -1 : own.sequence();
    for (Equivocation e : ledger.equivocations()) {
      knownProofs.add(e.conflicting().hash());
      knownProofs.add(e.recorded().hash());
    }
    refreshHeads();
    nextHeadsAt = now() + Math.min(antiEntropyMillis, config.pollMillis());
    registrations.add(mesh.registerValidator(ENTRIES_TOPIC, this::validateEntries));
    registrations.add(mesh.registerValidator(HEADS_TOPIC, this::validateHeads));
    registrations.add(
        mesh.subscribe(ENTRIES_TOPIC, m -> worker.execute(() -> guarded(() -> onEntries(m)))));
    registrations.add(
        mesh.subscribe(HEADS_TOPIC, m -> worker.execute(() -> guarded(() -> onHeads(m)))));
    long poll = Math.max(10, config.pollMillis());
    worker.scheduleWithFixedDelay(() -> guarded(this::tick), poll, poll, TimeUnit.MILLISECONDS);
  }

  @Deactivate
  void deactivate() {
    for (AutoCloseable r : registrations) {
      try {
        r.close();
      } catch (Exception e) {
        logger.debug("replication: closing a registration failed: {}", e.toString());
      }
    }
    registrations.clear();
    worker.shutdownNow();
    try {
      worker.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void guarded(Runnable task) {
    try {
      task.run();
    } catch (RuntimeException e) {
      logger.warn("replication: {}", e.toString());
    }
  }

  private static long now() {
    return System.nanoTime() / 1_000_000;
  }

  // --- validation (gossip thread) ---

  Verdict validateEntries(MeshMessage m) {
    List<Entry> entries;
    try {
      entries = EntryWire.decodeBatch(m.payload());
    } catch (RuntimeException e) {
      rejected++;
      logger.debug("replication: malformed batch from {}: {}", m.origin(), e.getMessage());
      return Verdict.REJECT;
    }
    for (Entry e : entries) {
      if (!EntryWire.verify(e)) {
        rejected++;
        logger.warn(
            "replication: {} from {} has an invalid signature or link: rejected",
            e.name(),
            m.origin());
        return Verdict.REJECT;
      }
    }
    if (m.origin().equals(self)) {
      return Verdict.ACCEPT; // this node publishes only entries it holds
    }
    Map<NodeId, Long> held = heldHeads;
    Map<NodeId, Long> next = new HashMap<>();
    boolean contiguous = false;
    List<Entry> sorted = new ArrayList<>(entries);
    sorted.sort(Comparator.comparing(Entry::actor).thenComparingLong(Entry::sequence));
    for (Entry e : sorted) {
      long have =
          next.getOrDefault(
              e.actor(),
              Math.max(held.getOrDefault(e.actor(), -1L), accepted.getOrDefault(e.actor(), -1L)));
      if (e.sequence() <= have + 1) {
        contiguous = true;
        next.put(e.actor(), Math.max(have, e.sequence()));
      }
    }
    if (!contiguous) {
      worker.execute(() -> guarded(() -> entries.forEach(this::keepAside)));
      return Verdict.IGNORE;
    }
    if (accepted.size() > 65_536) {
      accepted.clear();
    }
    next.forEach((actor, seq) -> accepted.merge(actor, seq, Math::max));
    return Verdict.ACCEPT;
  }

  Verdict validateHeads(MeshMessage m) {
    try {
      HeadsWire.decode(m.payload());
      return Verdict.ACCEPT;
    } catch (RuntimeException e) {
      rejected++;
      return Verdict.REJECT;
    }
  }

  // --- the worker thread ---

  private void refreshHeads() {
    Map<NodeId, Long> h = new HashMap<>();
    ledger.heads().forEach((actor, head) -> h.put(actor, head.sequence()));
    heldHeads = Map.copyOf(h);
  }

  private void onEntries(MeshMessage m) {
    List<Entry> entries = EntryWire.decodeBatch(m.payload());
    entries.sort(Comparator.comparing(Entry::actor).thenComparingLong(Entry::sequence));
    boolean added = false;
    for (Entry e : entries) {
      added |= importOne(e);
    }
    if (added) {
      drainPending();
    }
    refreshHeads();
  }

  /** Imports one entry unless held; keeps it aside if the ledger cannot take it yet. */
  private boolean importOne(Entry e) {
    if (knownProofs.contains(e.hash()) && !e.actor().equals(self)) {
      return false;
    }
    Optional<Entry> held = ledger.entry(e.actor(), e.sequence());
    if (held.isPresent() && held.get().hash().equals(e.hash())) {
      return false;
    }
    ImportResult r = ledger.importEntry(e);
    switch (r.status()) {
      case ADDED -> {
        imported++;
        return true;
      }
      case EQUIVOCATION -> {
        knownProofs.add(e.hash());
        held.ifPresent(h -> knownProofs.add(h.hash()));
        logger.warn("replication: equivocation of {}: {}", e.actor(), r.reason());
        return false;
      }
      case REJECTED -> {
        if (held.isEmpty() && !ledger.flagged().contains(e.actor())) {
          keepAside(e);
        } else {
          logger.debug("replication: {} refused: {}", e.name(), r.reason());
        }
        return false;
      }
      default -> {
        return false;
      }
    }
  }

  private void keepAside(Entry e) {
    TreeMap<Long, Pending> chain = pending.computeIfAbsent(e.actor(), a -> new TreeMap<>());
    if (chain.containsKey(e.sequence())) {
      return;
    }
    if (pendingCount >= 8 * maxBatch) {
      return; // full: anti-entropy brings it again later
    }
    chain.put(e.sequence(), new Pending(e, now()));
    pendingCount++;
  }

  /** Imports what was kept aside and now follows what is held, until nothing more goes in. */
  private void drainPending() {
    boolean progress = true;
    while (progress && pendingCount > 0) {
      progress = false;
      Map<NodeId, Head> heads = ledger.heads();
      for (Iterator<Map.Entry<NodeId, TreeMap<Long, Pending>>> it = pending.entrySet().iterator();
          it.hasNext(); ) {
        Map.Entry<NodeId, TreeMap<Long, Pending>> chain = it.next();
        Head head = heads.get(chain.getKey());
        long have = head == null ? -1 : head.sequence();
        while (!chain.getValue().isEmpty() && chain.getValue().firstKey() <= have + 1) {
          Pending p = chain.getValue().pollFirstEntry().getValue();
          pendingCount--;
          if (importOne(p.entry())) {
            progress = true;
            have++;
          } else if (p.entry().sequence() == have + 1) {
            break; // refused again (and kept aside again if it may pass later)
          }
        }
        if (chain.getValue().isEmpty()) {
          it.remove();
        }
      }
    }
  }

  private void tick() {
    long now = now();
    publishOwn();
    if (!mesh.status().running()) {
      return;
    }
    Set<NodeId> peers = mesh.peers().stream().map(PeerInfo::nodeId).collect(Collectors.toSet());
    if (!knownPeers.containsAll(peers)) {
      nextHeadsAt = Math.min(nextHeadsAt, now + config.pollMillis());
    }
    knownPeers = peers;
    if (now >= nextHeadsAt) {
      publishHeads();
    }
    expire(now);
    if (pendingCount > 0) {
      drainPending();
    }
    refreshHeads();
  }

  private void publishOwn() {
    Head own = ledger.heads().get(self);
    if (own == null || own.sequence() <= lastPublished || !mesh.status().running()) {
      return;
    }
    long to = Math.min(own.sequence(), lastPublished + maxBatch);
    if (publishRange(self, lastPublished + 1, to) > 0) {
      lastPublished = to;
    }
  }

  /** Publishes an actor's entries {@code from..to}; returns how many, 0 if publishing failed. */
  private int publishRange(NodeId actor, long from, long to) {
    List<byte[]> records = new ArrayList<>();
    for (long s = from; s <= to; s++) {
      Optional<Entry> e = ledger.entry(actor, s);
      if (e.isEmpty()) {
        break;
      }
      records.add(EntryWire.record(e.get()));
    }
    return publishRecords(records);
  }

  private int publishRecords(List<byte[]> records) {
    if (records.isEmpty()) {
      return 0;
    }
    try {
      for (byte[] batch : EntryWire.batches(records, maxBatch, MAX_BATCH_BYTES)) {
        mesh.publish(ENTRIES_TOPIC, batch);
      }
      published += records.size();
      return records.size();
    } catch (RuntimeException e) {
      logger.debug("replication: publishing {} entries failed: {}", records.size(), e.toString());
      return 0;
    }
  }

  private void publishHeads() {
    long now = now();
    nextHeadsAt = now + antiEntropyMillis;
    lastHeadsAt = now;
    Map<NodeId, Long> proofs = proofCounts();
    List<HeadsWire.ActorHead> all = new ArrayList<>();
    ledger.heads().values().stream()
        .sorted(Comparator.comparing(Head::actor))
        .forEach(
            h ->
                all.add(
                    new HeadsWire.ActorHead(
                        h.actor(),
                        h.sequence(),
                        h.hash(),
                        proofs.getOrDefault(h.actor(), 0L).intValue())));
    List<HeadsWire.ActorHead> window = all;
    if (all.size() > HeadsWire.MAX_ACTORS) {
      int from = headsOffset % all.size();
      window = new ArrayList<>();
      for (int i = 0; i < HeadsWire.MAX_ACTORS; i++) {
        window.add(all.get((from + i) % all.size()));
      }
      headsOffset = from + HeadsWire.MAX_ACTORS;
    }
    try {
      mesh.publish(HEADS_TOPIC, HeadsWire.encode(window));
    } catch (RuntimeException e) {
      logger.debug("replication: publishing heads failed: {}", e.toString());
    }
  }

  private Map<NodeId, Long> proofCounts() {
    return ledger.equivocations().stream()
        .collect(Collectors.groupingBy(e -> e.recorded().actor(), Collectors.counting()));
  }

  private void expire(long now) {
    long fresh = 3 * antiEntropyMillis;
    peerHeads.values().removeIf(a -> now - a.at() > fresh);
    repairedAt.values().removeIf(t -> now - t > antiEntropyMillis);
    if (stuck.size() > 65_536) {
      stuck.clear();
    }
    long keep = Math.max(60_000, 10 * antiEntropyMillis);
    for (Iterator<TreeMap<Long, Pending>> it = pending.values().iterator(); it.hasNext(); ) {
      TreeMap<Long, Pending> chain = it.next();
      int before = chain.size();
      chain.values().removeIf(p -> now - p.since() > keep);
      pendingCount -= before - chain.size();
      if (chain.isEmpty()) {
        it.remove();
      }
    }
  }

  private void onHeads(MeshMessage m) {
    if (m.origin().equals(self)) {
      return;
    }
    long now = now();
    Map<NodeId, HeadsWire.ActorHead> theirs = new HashMap<>();
    for (HeadsWire.ActorHead h : HeadsWire.decode(m.payload())) {
      theirs.put(h.actor(), h);
    }
    peerHeads.put(m.origin(), new Announced(theirs, now));
    Map<NodeId, Head> mine = ledger.heads();
    Set<NodeId> flagged = ledger.flagged();
    Map<NodeId, Long> proofs = proofCounts();
    boolean behind = false;
    for (HeadsWire.ActorHead h : theirs.values()) {
      Head my = mine.get(h.actor());
      if (my == null || h.sequence() > my.sequence()) {
        behind = true;
      }
    }
    int budget = maxBatch;
    List<byte[]> records = new ArrayList<>();
    List<Head> ordered = new ArrayList<>(mine.values());
    ordered.sort(Comparator.comparing(Head::actor));
    for (Head my : ordered) {
      NodeId actor = my.actor();
      HeadsWire.ActorHead their = theirs.get(actor);
      long theirSeq = their == null ? -1 : their.sequence();
      if (flagged.contains(actor)) {
        int theirProofs = their == null ? 0 : their.proofs();
        if (proofs.getOrDefault(actor, 0L) > theirProofs
            && designated(m.origin(), actor, -2 - theirProofs, p -> p.proofs() > theirProofs)
            && firstTime(actor + "/proofs/" + theirProofs, now)) {
          for (Equivocation e : ledger.equivocations()) {
            if (e.recorded().actor().equals(actor)) {
              records.add(EntryWire.record(e.recorded()));
              records.add(EntryWire.record(e.conflicting()));
            }
          }
        }
        continue;
      }
      if (their != null && theirSeq <= my.sequence()) {
        Hash mineThere =
            theirSeq == my.sequence()
                ? my.hash()
                : ledger.entry(actor, theirSeq).map(Entry::hash).orElse(their.hash());
        if (!mineThere.equals(their.hash()) && firstTime(actor + "/fork/" + theirSeq, now)) {
          ledger.entry(actor, theirSeq).ifPresent(e -> records.add(EntryWire.record(e)));
        }
      }
      if (my.sequence() <= theirSeq || budget <= 0) {
        continue;
      }
      long from = theirSeq + 1;
      if (!designated(m.origin(), actor, theirSeq, p -> p.sequence() > theirSeq)
          || !firstTime(actor + "@" + from, now)) {
        continue;
      }
      long to = Math.min(my.sequence(), from + budget - 1);
      for (long s = from; s <= to; s++) {
        Optional<Entry> e = ledger.entry(actor, s);
        if (e.isEmpty()) {
          break;
        }
        records.add(EntryWire.record(e.get()));
        budget--;
      }
    }
    if (!records.isEmpty()) {
      repairs++;
      publishRecords(records);
    }
    if (behind && now - lastHeadsAt >= Math.max(200, antiEntropyMillis / 4)) {
      publishHeads();
    }
  }

  /**
   * Whether this node is among the first {@code 1 + rounds} ranked of the nodes ahead of {@code
   * peer} on {@code actor}, where {@code rounds} counts how many times in a row the peer announced
   * the same position.
   */
  private boolean designated(
      NodeId peer,
      NodeId actor,
      long position,
      java.util.function.Predicate<HeadsWire.ActorHead> ahead) {
    String key = peer + "/" + actor;
    Integer before = stuck.get(key + "#" + position);
    int rounds = before == null ? 0 : before + 1;
    stuck.keySet().removeIf(k -> k.startsWith(key + "#"));
    stuck.put(key + "#" + position, rounds);
    List<NodeId> candidates = new ArrayList<>();
    candidates.add(self);
    long fresh = 3 * antiEntropyMillis;
    long now = now();
    peerHeads.forEach(
        (node, announced) -> {
          if (!node.equals(peer) && now - announced.at() <= fresh) {
            HeadsWire.ActorHead h = announced.heads().get(actor);
            if (h != null && ahead.test(h)) {
              candidates.add(node);
            }
          }
        });
    candidates.sort(Comparator.comparing(n -> rank(peer, actor, n, position)));
    int mine = candidates.indexOf(self);
    return mine <= rounds;
  }

  private static String rank(NodeId peer, NodeId actor, NodeId node, long position) {
    byte[] p = new byte[8];
    for (int i = 0; i < 8; i++) {
      p[i] = (byte) (position >>> (56 - 8 * i));
    }
    byte[] h = EntryWire.sha256(peer.publicKey(), actor.publicKey(), node.publicKey(), p);
    return java.util.HexFormat.of().formatHex(Arrays.copyOf(h, 16));
  }

  private boolean firstTime(String what, long now) {
    Long at = repairedAt.get(what);
    if (at != null && now - at < antiEntropyMillis / 2) {
      return false;
    }
    repairedAt.put(what, now);
    return true;
  }
}
