package sovereign.mesh.heartbeat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sovereign.api.identity.NodeId;
import sovereign.api.ledger.Hash;
import sovereign.api.ledger.Head;
import sovereign.api.ledger.Ledger;
import sovereign.api.mesh.MeshMessage;
import sovereign.api.mesh.Verdict;
import sovereign.mesh.SwarmKey;
import sovereign.testing.Await;

/** Heartbeats and peer exchange between mesh nodes over loopback TCP in one JVM. */
class HeartbeatsTest {

  @TempDir Path dir;
  private final List<HbNode> nodes = new ArrayList<>();
  private final SwarmKey key = SwarmKey.generate();

  @AfterEach
  void stopAll() {
    nodes.forEach(HbNode::close);
  }

  private HbNode node(String name) {
    HbNode n = new HbNode(dir, name, key);
    nodes.add(n);
    return n;
  }

  /** {@code n} nodes, each dialling every node before it: a full mesh. */
  private List<HbNode> swarm(int n) {
    List<HbNode> swarm = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      swarm.add(node("node" + i).bootstrap(swarm.toArray(HbNode[]::new)).start());
    }
    for (HbNode node : swarm) {
      await(() -> node.peers() == n - 1, node.id() + " connected to " + (n - 1) + " peers");
    }
    return swarm;
  }

  private static void awaitHealthy(List<HbNode> swarm) {
    for (HbNode node : swarm) {
      await(
          () -> {
            List<PeerHeartbeat> t = node.heartbeats.table();
            return t.size() == swarm.size() - 1
                && t.stream().allMatch(p -> p.connected() && p.health() == 1.0 && p.beats() >= 3);
          },
          node.id() + " hears every other node beat, health 1");
    }
  }

  private static Beat beat(NodeId claimed, long sequence) {
    return new Beat(
        claimed,
        sequence,
        System.currentTimeMillis(),
        1,
        "6.6.6",
        new TreeMap<>(),
        Optional.empty());
  }

  @Test
  void fourNodesBeatAndEachSeesTheOtherThreeHealthy() {
    List<HbNode> swarm = swarm(4);
    Hash hash = Hash.of(new byte[32]);
    NodeId first = swarm.get(0).id();
    swarm.forEach(HbNode::beat);
    swarm.get(0).heartbeats.ledger =
        (Ledger)
            Proxy.newProxyInstance(
                Ledger.class.getClassLoader(),
                new Class<?>[] {Ledger.class},
                (proxy, method, args) ->
                    switch (method.getName()) {
                      case "heads" -> Map.of(first, new Head(first, 3, hash));
                      default -> throw new UnsupportedOperationException(method.getName());
                    });
    awaitHealthy(swarm);
    for (HbNode node : swarm) {
      List<PeerHeartbeat> table = node.heartbeats.table();
      assertThat(table)
          .extracting(PeerHeartbeat::node)
          .containsExactlyInAnyOrderElementsOf(
              swarm.stream().map(HbNode::id).filter(id -> !id.equals(node.id())).toList());
      assertThat(table)
          .allSatisfy(
              p -> {
                assertThat(p.nodeVersion()).isEqualTo("9.9.9");
                assertThat(p.bundles()).containsEntry("sovereign.mesh", "0.1.0");
                assertThat(p.missed()).isLessThanOrEqualTo(1);
                assertThat(p.evictions()).isZero();
              });
      assertThat(node.heartbeats.counter("evicted")).isZero();
      assertThat(node.commands.heartbeats()).contains("PEER").contains("9.9.9");
    }
    HbNode last = swarm.get(3);
    await(
        () ->
            last.heartbeats.table().stream()
                .anyMatch(
                    p ->
                        p.node().equals(first)
                            && p.ledgerHead()
                                .equals(Optional.of(new Beat.LedgerHead(3, hash.toString())))),
        "the ledger head of node0 reaches node3");
    assertThat(last.commands.heartbeats()).contains("3 0000000000000000…");
  }

  @Test
  void aNodeThatStopsBeatingIsEvictedByTheOthers() {
    List<HbNode> swarm = swarm(4);
    swarm.forEach(HbNode::beat);
    awaitHealthy(swarm);
    HbNode silent = swarm.get(3);
    silent.stopBeating();
    List<HbNode> rest = swarm.subList(0, 3);
    for (HbNode node : rest) {
      await(
          () ->
              node.log.stream()
                  .anyMatch(
                      l ->
                          l.startsWith("WARN mesh: evicted") && l.contains(silent.id().toString())),
          node.id()
              + " evicted the silent node; log: "
              + node.log
              + " table "
              + node.heartbeats.table()
              + node.heartbeats.counters());
      assertThat(node.heartbeats.table())
          .filteredOn(p -> p.node().equals(silent.id()))
          .singleElement()
          .satisfies(p -> assertThat(p.evictions()).isPositive());
      assertThat(node.log)
          .filteredOn(l -> l.contains("evicted"))
          .allSatisfy(l -> assertThat(l).contains(silent.id().toString()).contains("missed"));
    }
    // The others keep beating each other, and nobody evicts the healthy ones.
    for (HbNode node : rest) {
      await(
          () ->
              node.heartbeats.table().stream()
                  .filter(p -> !p.node().equals(silent.id()))
                  .allMatch(p -> p.connected() && p.health() == 1.0),
          node.id() + " still hears the others");
      assertThat(node.heartbeats.table())
          .filteredOn(p -> !p.node().equals(silent.id()))
          .allSatisfy(p -> assertThat(p.evictions()).isZero());
    }
  }

  @Test
  void aForgedHeartbeatIsRejected() {
    HbNode forger = node("forger").start(); // No Heartbeats: no validator of its own.
    HbNode b = node("b").bootstrap(forger).start().beat();
    HbNode c = node("c").bootstrap(forger, b).start().beat();
    await(() -> c.peers() == 2 && b.peers() == 2, "three nodes connected");
    await(
        () ->
            c.heartbeats.table().stream().anyMatch(p -> p.node().equals(b.id()) && p.beats() >= 2),
        "c hears b");
    long[] forgedSeq = {Long.MAX_VALUE - 1000};
    await(
        () -> {
          forger.mesh().publish(Heartbeats.TOPIC, beat(b.id(), forgedSeq[0]++).encode());
          return c.heartbeats.counter("heartbeat.forged") >= 1
              && b.heartbeats.counter("heartbeat.forged") >= 1;
        },
        "b and c reject a heartbeat published by the forger claiming b's id");
    assertThat(c.heartbeats.table())
        .filteredOn(p -> p.node().equals(b.id()))
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.nodeVersion()).isEqualTo("9.9.9");
              assertThat(p.sequence()).isLessThan(Long.MAX_VALUE - 1000);
            });
    assertThat(c.heartbeats.table()).extracting(PeerHeartbeat::node).doesNotContain(forger.id());
    // A node running Heartbeats refuses to publish a forgery itself.
    assertThatThrownBy(() -> b.mesh().publish(Heartbeats.TOPIC, beat(c.id(), 1).encode()))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void aReplayedOldSequenceIsDroppedAndAStaleBeatIgnored() {
    HbNode b = node("b").start().beat();
    HbNode c = node("c").bootstrap(b).start().beat();
    await(
        () ->
            c.heartbeats.table().stream().anyMatch(p -> p.node().equals(b.id()) && p.beats() >= 2),
        "c hears b");
    long[] old = {1};
    await(
        () -> {
          // b's own validator lets its own messages through: c has to judge.
          b.mesh().publish(Heartbeats.TOPIC, beat(b.id(), old[0]++).encode());
          return c.heartbeats.counter("heartbeat.replay") >= 1;
        },
        "c drops a heartbeat of b with an old sequence number");
    assertThat(c.heartbeats.table())
        .filteredOn(p -> p.node().equals(b.id()))
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.sequence()).isGreaterThan(1000);
              assertThat(p.nodeVersion()).isEqualTo("9.9.9");
            });

    // The verdicts, straight from c's validator.
    Heartbeats v = c.heartbeats;
    long last =
        v.table().stream()
            .filter(p -> p.node().equals(b.id()))
            .findFirst()
            .orElseThrow()
            .sequence();
    NodeId x = b.id();
    assertThat(v.validateBeat(message(x, beat(x, last).encode()))).isEqualTo(Verdict.REJECT);
    assertThat(v.validateBeat(message(x, beat(c.id(), last + 10).encode())))
        .isEqualTo(Verdict.REJECT);
    assertThat(v.validateBeat(message(x, new byte[] {1, 2, 3}))).isEqualTo(Verdict.REJECT);
    Beat stale =
        new Beat(
            x,
            Long.MAX_VALUE - 1,
            System.currentTimeMillis() - Heartbeats.STALE_MILLIS - 60_000,
            1,
            "1",
            new TreeMap<>(),
            Optional.empty());
    assertThat(v.validateBeat(message(x, stale.encode()))).isEqualTo(Verdict.IGNORE);
    assertThat(v.counter("heartbeat.stale")).isEqualTo(1);
  }

  private static MeshMessage message(NodeId origin, byte[] payload) {
    return new MeshMessage("0".repeat(64), Heartbeats.TOPIC, origin, payload);
  }

  @Test
  void peerExchangeConnectsCToAThroughB() {
    HbNode a = node("a").start();
    HbNode b = node("b").bootstrap(a).start();
    HbNode c = node("c").bootstrap(b).start();
    await(() -> a.peers() == 1 && c.peers() == 1 && b.peers() == 2, "a-b-c in a line");
    assertThat(c.connectedTo(a)).isFalse();
    a.beat();
    b.beat();
    c.beat();
    await(() -> c.connectedTo(a) && a.connectedTo(c), "c connected to a through the address book");
    await(
        () -> c.heartbeats.addressBook().stream().anyMatch(r -> r.node().equals(a.id())),
        "a in c's address book");
    for (HbNode n : List.of(a, b, c)) {
      assertThat(n.heartbeats.addressBook()).extracting(PeerRecord::node).doesNotContain(n.id());
      assertThat(n.heartbeats.dialled()).doesNotContainKey(n.id());
      assertThat(n.heartbeats.counter("record.forged")).isZero();
    }
    // Both learn of each other through b; whichever dialled first made the connection.
    assertThat(
            c.heartbeats.dialled().containsKey(a.id())
                || a.heartbeats.dialled().containsKey(c.id()))
        .as("a or c dialled the other from its address book")
        .isTrue();
    PeerRecord aRecord =
        c.heartbeats.addressBook().stream()
            .filter(r -> r.node().equals(a.id()))
            .findFirst()
            .orElseThrow();
    assertThat(aRecord.addresses())
        .singleElement()
        .satisfies(addr -> assertThat(addr.getAddress().isLoopbackAddress()).isTrue());
    assertThat(c.commands.book()).contains(a.id().toString()).contains("127.0.0.1:");
    // A record for someone else is rejected.
    PeerRecord forged =
        new PeerRecord(
            a.id(), Long.MAX_VALUE - 5, System.currentTimeMillis() + 60_000, aRecord.addresses());
    assertThat(
            c.heartbeats.validateRecord(
                new MeshMessage("0".repeat(64), Heartbeats.PEERS_TOPIC, b.id(), forged.encode())))
        .isEqualTo(Verdict.REJECT);
  }

  @Test
  void peerExchangeNeverDialsABannedNode() {
    HbNode a = node("a").start();
    HbNode b = node("b").bootstrap(a).start();
    HbNode c = node("c").bootstrap(b).start();
    await(() -> a.peers() == 1 && c.peers() == 1 && b.peers() == 2, "a-b-c in a line");
    a.mesh().ban(c.id(), Duration.ofHours(1));
    a.beat();
    b.beat();
    c.beat();
    await(
        () -> a.heartbeats.addressBook().stream().anyMatch(r -> r.node().equals(c.id())),
        "c in a's address book");
    // a dials from its book at each beat while it has fewer than 8 peers: let several pass.
    long beats = beatsHeard(a, b);
    await(() -> beatsHeard(a, b) >= beats + 3, "three more beats of b heard by a");
    assertThat(a.heartbeats.dialled()).doesNotContainKey(c.id());
    assertThat(a.connectedTo(c)).isFalse();
  }

  private static long beatsHeard(HbNode by, HbNode of) {
    return by.heartbeats.table().stream()
        .filter(p -> p.node().equals(of.id()))
        .mapToLong(PeerHeartbeat::beats)
        .findFirst()
        .orElse(0);
  }

  /** Polls {@code condition} every 20 ms for up to 30 s. */
  static void await(BooleanSupplier condition, String what) {
    Await.until(condition, what, Duration.ofSeconds(30));
  }
}
