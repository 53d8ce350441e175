package sovereign.mesh.bench;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import sovereign.api.identity.NodeId;
import sovereign.api.mesh.PeerInfo;
import sovereign.mesh.SwarmKey;
import sovereign.mesh.gossip.GossipParams;

/**
 * A measurement, not a test: N real mesh nodes in one JVM over loopback TCP, each with the
 * production stack (swarm-key gate, identity-bound TLS 1.3, frames, gossip), for each size asked.
 * It prints, per size, the figures of issue "dark mesh" and PASS or FAIL against its targets, and
 * exits non-zero if any target fails.
 *
 * <p>Method, per size: each node bootstraps to 3 random earlier nodes ({@link Topology#plan}); the
 * run waits until every planned connection is up and every node's topic mesh holds at least
 * min(D_low, its connections); 20 warm-up messages go out; then {@code messages} messages are
 * published at a steady {@code rate} from random nodes. For each message the delivery time at every
 * node is stamped (System.nanoTime, one JVM, so the stamps compare).
 *
 * <ul>
 *   <li><b>Propagation</b>: publish to the last delivery at another node; p50 and p99 over the
 *       messages. <b>Delivery</b>: deliveries at the other N-1 nodes over (N-1) x messages.
 *   <li><b>Relay per-hop</b> ({@link RelayHop}): for each message and node, its delivery time less
 *       the latest earlier delivery among the nodes that send to it in the route graph; a lower
 *       bound of its real per-hop delay, taken under the same load as the propagation. Median and
 *       p90 over all (message, node) pairs.
 *   <li><b>First hop</b>: the median time from publish to delivery at the publisher's direct
 *       neighbours (it floods to them, so they are one hop away), from the same run, while the
 *       other nodes are still idle; printed for information.
 *   <li><b>Hops</b>: the publisher's eccentricity over the graph the run formed, snapshotted before
 *       publishing: over connections (shortest possible) and over the routes gossip takes eagerly
 *       (the flood to every connection, then each node forwards to its topic mesh). The bound is 2
 *       x (largest route hops) x relay per-hop median; the p99 must be within it. Since the relay
 *       figure is a lower bound, so is this bound: the verdict is stricter than the target, never
 *       looser. The same bound with the first hop is printed too, as information.
 *   <li><b>Connections</b> per node (min/median/max) against D_high; the topic mesh degree beside.
 *   <li><b>TLS handshake</b>: {@code PeerInfo.handshakeRttMillis} (TCP connect to handshake done,
 *       gate included) of every connection, seen from both ends.
 * </ul>
 *
 * <p>Run from the repository root with {@code bench/mesh.sh [sizes] [messages] [rate]}.
 */
public final class MeshBench {

  private static final String TOPIC = "sovereign/bench/1";
  private static final int DIALS = 3;
  private static final int CAP = 8;
  private static final int WARMUP = 20;
  private static final long HEARTBEAT_MILLIS = 200;
  private static final GossipParams GOSSIP = GossipParams.DEFAULTS;

  public static void main(String[] args) throws Exception {
    int[] sizes =
        Stream.of((args.length > 0 ? args[0] : "10,50,100").split(","))
            .mapToInt(s -> Integer.parseInt(s.trim()))
            .toArray();
    int messages = args.length > 1 ? Integer.parseInt(args[1]) : 200;
    double rate = args.length > 2 ? Double.parseDouble(args[2]) : 10;
    System.out.printf(
        "mesh benchmark: sizes %s, %d messages per size at %.0f/s from random nodes (after %d"
            + " warm-up), payload %d bytes%n",
        java.util.Arrays.toString(sizes), messages, rate, WARMUP, BenchNode.PAYLOAD_BYTES);
    System.out.printf(
        "per node: loopback TCP, swarm-key gate + TLS 1.3, gossip D=%d D_low=%d D_high=%d,"
            + " heartbeat %d ms, flood publish; bootstrap to %d random earlier nodes (none with %d"
            + " planned connections); cores %d, Java %s%n",
        GOSSIP.d(),
        GOSSIP.dLow(),
        GOSSIP.dHigh(),
        HEARTBEAT_MILLIS,
        DIALS,
        CAP,
        Runtime.getRuntime().availableProcessors(),
        System.getProperty("java.version"));
    // The first run of a JVM pays for class loading and JIT compilation (TLS handshakes of
    // hundreds of ms, say): a small throw-away mesh runs first, so every size is measured warm.
    System.out.println("JVM warm-up (not reported):");
    run(Math.min(8, sizes[0]), 100, rate, new Random(0));
    List<Result> results = new ArrayList<>();
    for (int n : sizes) {
      results.add(run(n, messages, rate, new Random(n)));
    }
    boolean ok = true;
    System.out.println();
    System.out.println(Result.HEADER);
    System.out.println(Result.RULE);
    for (Result r : results) {
      System.out.println(r.row());
    }
    System.out.println();
    for (Result r : results) {
      System.out.println(r.verdicts());
      ok &= r.pass();
    }
    System.out.println(ok ? "all targets PASS" : "some target FAILS");
    System.exit(ok ? 0 : 1);
  }

  private static Result run(int n, int messages, double rate, Random random) throws Exception {
    Path dir = Files.createTempDirectory("mesh-bench-" + n);
    SwarmKey key = SwarmKey.generate();
    int total = WARMUP + messages;
    AtomicLongArray at = new AtomicLongArray(total * n);
    AtomicIntegerArray count = new AtomicIntegerArray(total);
    BenchNode.Deliveries deliveries =
        (message, node, nanos) -> {
          if (message >= 0 && message < total && at.compareAndSet(message * n + node, 0, nanos)) {
            count.incrementAndGet(message);
          }
        };
    List<int[]> plan = Topology.plan(n, DIALS, CAP, random);
    List<BenchNode> nodes = new ArrayList<>();
    Map<String, Object> settings = new HashMap<>();
    settings.put("heartbeatMillis", HEARTBEAT_MILLIS);
    settings.put("redialMillis", 200L);
    settings.put("redialMaxMillis", 2000L);
    long t0 = System.nanoTime();
    try {
      for (int i = 0; i < n; i++) {
        BenchNode node = new BenchNode(i, dir, key, deliveries);
        List<String> bootstrap = new ArrayList<>();
        for (int j : plan.get(i)) {
          bootstrap.add(nodes.get(j).id() + "@" + nodes.get(j).address());
        }
        settings.put("bootstrap", bootstrap.toArray(String[]::new));
        node.start(settings, TOPIC);
        nodes.add(node);
      }
      double started = seconds(t0);
      Map<NodeId, Integer> index = new HashMap<>();
      for (BenchNode node : nodes) {
        index.put(node.id(), node.index);
      }
      List<Set<Integer>> planned = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        planned.add(new HashSet<>());
      }
      for (int i = 0; i < n; i++) {
        for (int j : plan.get(i)) {
          planned.get(i).add(j);
          planned.get(j).add(i);
        }
      }
      await(() -> formed(nodes, index, planned), 180, n + " nodes: mesh formation");
      double formed = seconds(t0);
      var threads = ManagementFactory.getThreadMXBean().getThreadCount();
      long heap = usedHeapMb();
      System.out.printf(
          "%d nodes: started in %.1f s, connected with topic meshes formed at %.1f s; %d JVM"
              + " threads, %d MB heap used, load average %.1f%n",
          n, started, formed, threads, heap, loadAverage());

      publish(nodes, 0, WARMUP, rate, random, new long[total], new int[total]);
      await(() -> complete(count, 0, WARMUP, n), 60, n + " nodes: warm-up deliveries");

      Graph before = Graph.snapshot(nodes, index, TOPIC);
      long[] publishedAt = new long[total];
      int[] publisher = new int[total];
      double loadBefore = loadAverage();
      long cpuBefore = cpuNanos();
      publish(nodes, WARMUP, total, rate, random, publishedAt, publisher);
      long lastPublish = System.nanoTime();
      long deadline = lastPublish + TimeUnit.SECONDS.toNanos(30);
      while (!complete(count, WARMUP, total, n) && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      // CPU of the whole process (every node) per message: on a shared pair of cores, this is
      // the floor under the time to reach the last node, whatever the hop count.
      double cpuPerMessage = (cpuNanos() - cpuBefore) / 1e6 / messages;
      Graph after = Graph.snapshot(nodes, index, TOPIC);
      List<String> problems = new ArrayList<>();
      for (BenchNode node : nodes) {
        problems.addAll(node.problems());
      }
      return Result.of(
          n,
          messages,
          at,
          publishedAt,
          publisher,
          WARMUP,
          before,
          after,
          GOSSIP.dHigh(),
          problems,
          loadBefore,
          cpuPerMessage);
    } finally {
      closeAll(nodes);
      deleteTree(dir);
    }
  }

  /** Publishes messages [from, to) at {@code rate}, each from a random node, stamping each. */
  private static void publish(
      List<BenchNode> nodes,
      int from,
      int to,
      double rate,
      Random random,
      long[] publishedAt,
      int[] publisher) {
    long start = System.nanoTime();
    long interval = (long) (1e9 / rate);
    for (int m = from; m < to; m++) {
      long due = start + (m - from) * interval;
      for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
        LockSupport.parkNanos(wait);
      }
      int p = random.nextInt(nodes.size());
      publisher[m] = p;
      publishedAt[m] = System.nanoTime();
      nodes.get(p).publish(TOPIC, m);
    }
  }

  /**
   * Every planned connection is up, every node hears every connected peer's subscription, and every
   * topic mesh holds at least min(D_low, connections) peers.
   */
  private static boolean formed(
      List<BenchNode> nodes, Map<NodeId, Integer> index, List<Set<Integer>> planned) {
    for (BenchNode node : nodes) {
      List<PeerInfo> peers = node.peers();
      Set<Integer> connected = new HashSet<>();
      for (PeerInfo p : peers) {
        connected.add(index.get(p.nodeId()));
      }
      if (!connected.containsAll(planned.get(node.index))) {
        return false;
      }
      BenchNode.TopicState t = node.topic(TOPIC);
      if (t.subscribers() < peers.size()
          || t.mesh().size() < Math.min(GOSSIP.dLow(), peers.size())) {
        return false;
      }
    }
    return true;
  }

  private static boolean complete(AtomicIntegerArray count, int from, int to, int n) {
    for (int m = from; m < to; m++) {
      if (count.get(m) < n) {
        return false;
      }
    }
    return true;
  }

  private static void await(BooleanSupplier condition, int seconds, String what)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(what + " did not finish within " + seconds + " s");
      }
      Thread.sleep(250);
    }
  }

  /** Stops the nodes a few at a time: each waits about a second for Netty's shared executor. */
  private static void closeAll(List<BenchNode> nodes) throws InterruptedException {
    ExecutorService closer = Executors.newFixedThreadPool(16);
    for (BenchNode node : nodes) {
      closer.execute(node::close);
    }
    closer.shutdown();
    closer.awaitTermination(5, TimeUnit.MINUTES);
  }

  private static void deleteTree(Path dir) {
    try (Stream<Path> walk = Files.walk(dir)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (java.io.IOException e) {
      // A temporary folder left behind is harmless.
    }
  }

  private static long usedHeapMb() {
    Runtime rt = Runtime.getRuntime();
    return (rt.totalMemory() - rt.freeMemory()) >> 20;
  }

  /** The machine's one-minute load average: the other users of the cores show here. */
  static double loadAverage() {
    return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
  }

  private static long cpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  private static double seconds(long t0) {
    return (System.nanoTime() - t0) / 1e9;
  }
}
