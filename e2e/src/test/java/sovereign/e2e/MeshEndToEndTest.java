package sovereign.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three node processes from the exported jar form a swarm on loopback the way docs/mesh.md tells an
 * operator to (mesh:keygen on one node, its swarm.key copied to the others, bootstrap entries in
 * {@code data/config/sovereign.mesh.json}), gossip, and converge their ledgers; one is killed with
 * SIGKILL, misses entries, and catches up after a restart from the same home.
 *
 * <p>Every wait polls the operator's commands against a generous deadline (the machine may be a
 * loaded 2-core box running other builds); a timeout fails with the last command outputs and the
 * tail of every node's log.
 */
class MeshEndToEndTest {

  /** Each phase's deadline: gossip runs on 1 s and 5 s timers, anti-entropy every 10 s. */
  private static final Duration DEADLINE = Duration.ofSeconds(90);

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern LISTENING =
      Pattern.compile("(?m)^listening: 127\\.0\\.0\\.1:(\\d+)\\r?$");
  private static final Pattern FINGERPRINT = Pattern.compile("\\(fingerprint ([0-9a-f]+)\\)");
  private static final Pattern SNAPSHOT_SHA =
      Pattern.compile("(?m)^sha256 ([0-9a-f]{64}) \\((\\d+) entries\\)\\r?$");

  @TempDir Path tmp;

  private Path key;
  private final List<RunningNode> processes = new ArrayList<>();
  private final Deque<String> transcript = new ArrayDeque<>();
  private final List<Node> nodes = new ArrayList<>();

  /** One node's home and, while it runs, its process and SSH console port. */
  private final class Node {
    final String name;
    final Path home;
    RunningNode process;
    String id;
    Path data;
    int sshPort;
    boolean up;

    Node(String name) {
      this.name = name;
      this.home = tmp.resolve(name);
    }

    void start() throws Exception {
      process = RunningNode.start(home, "--headless", "--ssh-port", "0");
      processes.add(process);
      process.awaitReady();
      id = RunningNode.nodeIds(home).get(0);
      data = RunningNode.nodeHome(home).resolve("data");
      sshPort = process.sshPort();
      up = true;
    }

    /** SIGKILL: no chance to close connections or say goodbye, as in a power cut. */
    void kill() throws InterruptedException {
      up = false;
      process.kill();
    }

    @Override
    public String toString() {
      return name + " (" + id + ")";
    }
  }

  @AfterEach
  void killEveryNode() {
    // Whatever happened, no node process outlives the test (close() is SIGKILL if still alive).
    processes.forEach(RunningNode::close);
  }

  @Test
  void threeNodesBootstrappedOnLoopbackConvergeTheirLedgersAndAKilledNodeCatchesUpAfterARestart()
      throws Exception {
    assumeTrue(OperatorShell.available(), "needs the OpenSSH client (.ci/run installs it)");
    long began = System.nanoTime();
    key = OperatorShell.keygen(tmp, "operator");
    Node a = new Node("a");
    Node b = new Node("b");
    Node c = new Node("c");
    nodes.addAll(List.of(a, b, c));
    // One after another: three JVMs booting at once on two cores could crowd the boot deadline.
    for (Node n : nodes) {
      n.start();
      OperatorShell.authorize(n.home, key);
    }
    phase("three nodes booted", began);

    // Every node of a swarm must list the same mint authorities, or they refuse each other's
    // minted money (docs/ledger.md): here all three may mint, so each can start its own chain.
    String authorities =
        nodes.stream().map(n -> "\"" + n.id + "\"").collect(Collectors.joining(", "));
    for (Node n : nodes) {
      writeConfig(n, "sovereign.ledger", "{\"mintAuthorities\": [" + authorities + "]}");
    }
    for (Node n : nodes) {
      n.process.awaitOutput("configuration sovereign.ledger applied", Duration.ofSeconds(60));
      // The ledger takes the configuration a moment after the log line: mint until it may.
      String minted =
          await(
              n + " mints its GENESIS",
              n,
              "ledger:mint " + n.id + " 1000 IPPC",
              out -> out.startsWith("GENESIS"));
      assertThat(minted).contains("in entry " + n.id + "#0");
    }

    // A listens on a port the system picks, on loopback only: a port chosen in advance could be
    // taken by another process before the node binds it. The operator reads it from mesh:keygen.
    writeConfig(a, "sovereign.mesh", "{\"host\": \"127.0.0.1\", \"port\": 0}");
    awaitMeshConfig(a, "host<String> = 127.0.0.1");
    String keygen = ok(a, "mesh:keygen");
    Matcher fp = FINGERPRINT.matcher(keygen);
    assertThat(fp.find()).as(keygen).isTrue();
    String fingerprint = fp.group(1);
    String statusA = ok(a, "mesh:status");
    Matcher listening = LISTENING.matcher(statusA);
    assertThat(listening.find()).as(statusA).isTrue();
    String bootstrap = a.id + "@127.0.0.1:" + listening.group(1);
    assertThat(keygen).contains("listening on /127.0.0.1:" + listening.group(1));

    // B and C: the bootstrap entry first, then the key copied in as with scp, then mesh:restart,
    // in the order docs/mesh.md gives.
    for (Node n : List.of(b, c)) {
      writeConfig(
          n,
          "sovereign.mesh",
          "{\"host\": \"127.0.0.1\", \"port\": 0, \"bootstrap\": [\"" + bootstrap + "\"]}");
      awaitMeshConfig(n, bootstrap);
      Path copy = n.data.resolve("swarm.key.part");
      Files.copy(a.data.resolve("swarm.key"), copy);
      Files.setPosixFilePermissions(copy, PosixFilePermissions.fromString("rw-------"));
      Files.move(copy, n.data.resolve("swarm.key"), StandardCopyOption.ATOMIC_MOVE);
      String restarted = ok(n, "mesh:restart");
      assertThat(restarted).contains("swarm key: " + fingerprint).containsPattern(LISTENING);
    }

    // B and C dial A; they find each other through the peer records A forwards (each names its
    // loopback listening address), so each node ends up with both others.
    awaitFullMesh(nodes);
    phase("three nodes connected", began);

    // Heartbeats are gossip messages from each origin: each node's table lists both others.
    for (Node n : nodes) {
      List<Node> others = others(n, nodes);
      await(
          n + " hears both others' heartbeats",
          n,
          "mesh:heartbeats",
          out -> others.stream().allMatch(o -> rowOf(out, o.id).contains(" yes ")));
    }

    // An operator's publish goes out signed and gets an id. No bundle subscribes to an arbitrary
    // topic and no command shows what a node received, so its delivery cannot be seen from the
    // other nodes' shells; the heartbeats above and the ledger below are the gossip that can.
    assertThat(ok(a, "mesh:publish e2e/greeting hello-from-a").strip()).matches("[0-9a-f]{64}");

    // Entries made after the swarm formed travel as new-entry batches; the GENESIS entries made
    // before it, through anti-entropy.
    ok(a, "ledger:transfer " + b.id + " 10 IPPC a-to-b");
    ok(b, "ledger:transfer " + c.id + " 20 IPPC b-to-c");
    ok(c, "ledger:transfer " + a.id + " 30 IPPC c-to-a");
    Map<String, Head> heads = awaitConverged(nodes, 6);
    assertThat(sequences(heads)).containsOnly(entry(a.id, 1L), entry(b.id, 1L), entry(c.id, 1L));
    for (Node n : nodes) {
      assertThat(ok(n, "ledger:verify")).startsWith("ok: 6 entries verified");
    }
    // Each heartbeat carries its origin's ledger head: every node's table shows the others' heads
    // as the snapshots have them, so the heartbeat contents arrived, not just the beats.
    for (Node n : nodes) {
      List<Node> others = others(n, nodes);
      await(
          n + " hears the others' ledger heads in their heartbeats",
          n,
          "mesh:heartbeats",
          out -> others.stream().allMatch(o -> rowOf(out, o.id).contains(heads.get(o.id).shown())));
    }
    phase("ledgers converged at 6 entries", began);

    // C dies without a chance to say goodbye; A and B see it go and go on without it.
    c.kill();
    for (Node n : List.of(a, b)) {
      await(n + " no longer lists C", n, "mesh:peers", out -> !out.contains(c.id));
    }
    ok(a, "ledger:transfer " + c.id + " 5 IPPC a-to-c-while-down");
    ok(a, "ledger:transfer " + b.id + " 1 IPPC a-to-b-while-down");
    ok(b, "ledger:transfer " + a.id + " 2 IPPC b-to-a-while-down");
    ok(b, "ledger:mint " + b.id + " 50 IPPC");
    awaitConverged(List.of(a, b), 10);
    phase("A and B converged at 10 entries with C down", began);

    // The same home, the same configuration and key: C dials its bootstrap node A again and
    // catches up through anti-entropy; A is all it needs for that.
    c.start();
    awaitFullMesh(List.of(a, c));
    Map<String, Head> after = awaitConverged(nodes, 10);
    assertThat(sequences(after)).containsOnly(entry(a.id, 3L), entry(b.id, 3L), entry(c.id, 1L));
    for (Node n : nodes) {
      assertThat(ok(n, "ledger:verify")).startsWith("ok: 10 entries verified");
    }
    assertThat(ok(c, "ledger:history -n 5 " + c.id)).contains("a-to-c-while-down");
    phase("C restarted and caught up", began);
    // B and C find each other again through peer records (C listens on a new port now), at the
    // pace of the peer exchange (30 s) and B's dial backoff against C's dead address.
    awaitFullMesh(nodes);
    phase("B and C reconnected", began);

    for (Node n : nodes) {
      assertThat(n.process.terminate()).as(n.process.output()).isZero();
    }
  }

  /** Waits until every node lists every other one in mesh:peers. */
  private void awaitFullMesh(List<Node> group) throws Exception {
    for (Node n : group) {
      List<Node> others = others(n, group);
      await(
          n + " is connected to " + others,
          n,
          "mesh:peers",
          out -> others.stream().allMatch(o -> out.contains(o.id)));
    }
  }

  /**
   * Waits until the nodes print byte-identical settlement snapshots holding {@code entries} entries
   * (docs/ledger.md: equal snapshots mean the same entries); returns the heads by actor.
   */
  private Map<String, Head> awaitConverged(List<Node> group, int entries) throws Exception {
    Map<String, String> snapshots = new LinkedHashMap<>();
    awaitTrue(
        group.stream().map(n -> n.name).toList() + " hold the same " + entries + " entries",
        () -> {
          snapshots.clear();
          for (Node n : group) {
            snapshots.put(n.name, ok(n, "ledger:snapshot"));
          }
          return snapshots.values().stream().distinct().count() == 1
              && snapshots.values().stream().allMatch(s -> entriesIn(s) == entries);
        });
    String snapshot = snapshots.values().iterator().next();
    JsonNode json = JSON.readTree(snapshot.substring(0, snapshot.lastIndexOf("sha256 ")));
    Map<String, Head> heads = new LinkedHashMap<>();
    for (JsonNode h : json.get("heads")) {
      heads.put(
          h.get("actor").asText(), new Head(h.get("sequence").asLong(), h.get("hash").asText()));
    }
    assertThat(json.get("equivocations")).isEmpty();
    return heads;
  }

  /** The last entry of one actor's chain, as a snapshot names it. */
  private record Head(long sequence, String hash) {
    /** As mesh:heartbeats prints it: the sequence and the first 16 hex digits of the hash. */
    String shown() {
      return sequence + " " + hash.substring(0, 16);
    }
  }

  private static Map<String, Long> sequences(Map<String, Head> heads) {
    Map<String, Long> out = new LinkedHashMap<>();
    heads.forEach((actor, h) -> out.put(actor, h.sequence()));
    return out;
  }

  private static long entriesIn(String snapshot) {
    Matcher m = SNAPSHOT_SHA.matcher(snapshot);
    return m.find() ? Long.parseLong(m.group(2)) : -1;
  }

  /**
   * Waits until the configuration the mesh component runs with (scr:info, which an operator can run
   * too) shows {@code expected}: the ConfigFolder's log line comes before the component is
   * restarted with it.
   */
  private void awaitMeshConfig(Node n, String expected) throws Exception {
    await(
        n + " runs the mesh with " + expected,
        n,
        "scr:info sovereign.mesh.MeshService",
        out -> out.contains("State:        ACTIVE") && configProps(out).contains(expected));
  }

  private static String configProps(String scrInfo) {
    int at = scrInfo.indexOf("Config Props:");
    return at < 0 ? "" : scrInfo.substring(at);
  }

  private static List<Node> others(Node self, List<Node> group) {
    return group.stream().filter(o -> o != self).toList();
  }

  /** The line of a table that starts with a NodeID, or "" if there is none. */
  private static String rowOf(String table, String id) {
    return table.lines().filter(l -> l.startsWith(id)).findFirst().map(l -> l + " ").orElse("");
  }

  /** Writes a configuration file then renames it, so the node never reads half of it. */
  private static void writeConfig(Node n, String pid, String json) throws Exception {
    Path folder = Files.createDirectories(n.data.resolve("config"));
    Path draft = folder.resolve(pid + ".draft");
    Files.writeString(draft, json);
    Files.move(draft, folder.resolve(pid + ".json"), StandardCopyOption.ATOMIC_MOVE);
  }

  private OperatorShell.Result run(Node n, String command) throws Exception {
    OperatorShell.Result r = OperatorShell.ssh(n.sshPort, key, command);
    synchronized (transcript) {
      transcript.addLast(
          n.name + "> " + command + "   [exit " + r.exitCode() + "]\n" + r.output().strip());
      while (transcript.size() > 6) {
        transcript.removeFirst();
      }
    }
    return r;
  }

  private String ok(Node n, String command) throws Exception {
    OperatorShell.Result r = run(n, command);
    if (r.exitCode() != 0) {
      throw new AssertionError(n + "> " + command + " failed" + diagnostics());
    }
    return r.output();
  }

  /** Runs the command until it succeeds with an output {@code done} accepts; returns it. */
  private String await(String what, Node n, String command, Predicate<String> done)
      throws Exception {
    String[] last = {""};
    awaitTrue(
        what,
        () -> {
          OperatorShell.Result r = run(n, command);
          last[0] = r.output();
          return r.exitCode() == 0 && done.test(r.output());
        });
    return last[0];
  }

  private void awaitTrue(String what, Callable<Boolean> condition) throws Exception {
    long end = System.nanoTime() + DEADLINE.toNanos();
    while (!condition.call()) {
      for (Node n : nodes) {
        if (n.up && !n.process.isAlive()) {
          throw new AssertionError(n + " died while waiting for: " + what + diagnostics());
        }
      }
      if (System.nanoTime() > end) {
        throw new AssertionError("not within " + DEADLINE + ": " + what + diagnostics());
      }
      Thread.sleep(500);
    }
  }

  /** The last commands and their outputs, and the end of every node's log. */
  private String diagnostics() {
    StringBuilder out = new StringBuilder("\n\n--- last operator commands ---\n");
    synchronized (transcript) {
      transcript.forEach(t -> out.append(t).append("\n\n"));
    }
    for (Node n : nodes) {
      if (n.process == null) {
        continue;
      }
      List<String> lines = n.process.output().lines().toList();
      out.append("--- ")
          .append(n)
          .append(n.process.isAlive() ? ", running" : ", not running")
          .append(": last log lines ---\n");
      lines
          .subList(Math.max(0, lines.size() - 40), lines.size())
          .forEach(l -> out.append(l).append('\n'));
    }
    return out.toString();
  }

  private static void phase(String what, long began) {
    System.out.printf("%6.1f s  %s%n", (System.nanoTime() - began) / 1e9, what);
  }
}
