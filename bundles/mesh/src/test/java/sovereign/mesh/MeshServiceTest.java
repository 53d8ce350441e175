package sovereign.mesh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static sovereign.mesh.TestNode.await;

import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sovereign.mesh.gossip.RouterView;
import sovereign.testing.Configs;

/** Several {@link MeshService}s over real loopback TCP in one JVM. */
class MeshServiceTest {

  private static final String TOPIC = "chat";

  @TempDir Path dir;
  private final List<TestNode> nodes = new ArrayList<>();

  @AfterEach
  void stopAll() {
    nodes.forEach(TestNode::stop);
  }

  /** {@code n} nodes with one key, each dialling every node before it: a full mesh. */
  private List<TestNode> swarm(int n, SwarmKey key) {
    List<TestNode> swarm = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      TestNode node = new TestNode(dir, "node" + i, key);
      node.bootstrap(swarm.toArray(TestNode[]::new)).start().subscribe(TOPIC);
      swarm.add(node);
      nodes.add(node);
    }
    for (TestNode node : swarm) {
      await(() -> node.peers() == n - 1, node.id() + " connected to " + (n - 1) + " peers");
    }
    for (TestNode node : swarm) {
      await(
          () -> {
            RouterView.TopicView t = node.service.view().topic(TOPIC);
            return t != null && t.knownSubscribers() == n - 1;
          },
          node.id() + " knows every subscriber of " + TOPIC);
    }
    return swarm;
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void everyNodeReceivesEveryMessageExactlyOnce() {
    List<TestNode> swarm = swarm(5, SwarmKey.generate());
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < swarm.size(); i++) {
      ids.add(swarm.get(i).service.publish(TOPIC, utf8("from " + i)));
    }
    List<String> expected = IntStream.range(0, 5).mapToObj(i -> "from " + i).toList();
    for (TestNode node : swarm) {
      await(() -> node.received.size() >= 5, node.id() + " received 5 messages");
    }
    // Give duplicates time to show up: gossip (IHAVE/IWANT) runs at heartbeats.
    swarm.forEach(node -> node.heartbeats(5));
    for (TestNode node : swarm) {
      assertThat(node.texts()).containsExactlyInAnyOrderElementsOf(expected);
      assertThat(node.received.stream().map(m -> m.id()).toList())
          .containsExactlyInAnyOrderElementsOf(ids);
    }
    assertThat(swarm.get(1).received)
        .filteredOn(m -> new String(m.payload(), StandardCharsets.UTF_8).equals("from 3"))
        .singleElement()
        .satisfies(m -> assertThat(m.origin()).isEqualTo(swarm.get(3).id()));
  }

  @Test
  void aNodeWithAnotherSwarmKeyGetsNoConnection() {
    SwarmKey key = SwarmKey.generate();
    TestNode a = new TestNode(dir, "a", key).start();
    nodes.add(a);
    TestNode stranger = new TestNode(dir, "stranger", SwarmKey.generate()).bootstrap(a).start();
    nodes.add(stranger);
    await(() -> stranger.runtime().dialFailures() >= 3, "three failed dials of the stranger");
    assertThat(a.peers()).isZero();
    assertThat(stranger.peers()).isZero();
    assertThat(stranger.commands.diag(a.address())).startsWith("SWARM_KEY failed");
    TestNode friend = new TestNode(dir, "friend", key).start();
    nodes.add(friend);
    assertThat(friend.commands.diag(a.address())).startsWith("OK").contains("rtt:  ");
    assertThat(a.service.status().swarmKey()).isEqualTo(key.fingerprint());
    assertThat(stranger.service.status().swarmKey()).isNotEqualTo(key.fingerprint());
  }

  @Test
  void aNewConfigurationRestartsTheMeshInPlaceKeepingSubscriptions() {
    SwarmKey key = SwarmKey.generate();
    TestNode a = new TestNode(dir, "a", key).start().subscribe("news");
    nodes.add(a);
    TestNode b = new TestNode(dir, "b", key).start();
    nodes.add(b);
    // b becomes a bootstrap peer of a through a configuration change, not a new component.
    a.config.put("bootstrap", new String[] {b.address()});
    a.service.modified(Configs.of(MeshConfig.class, a.config));
    await(() -> a.peers() == 1 && b.peers() == 1, "a dials its new bootstrap peer");
    assertThat(a.service.status().running()).isTrue();
    assertThat(a.service.status().topics()).contains("news");
    b.commands.publish("news", "after the change");
    await(() -> a.texts().contains("after the change"), "a's subscription survived");

    a.config.put("bootstrap", new String[] {"nonsense"});
    assertThatThrownBy(() -> a.service.modified(Configs.of(MeshConfig.class, a.config)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'nonsense'");
    assertThat(a.peers()).as("a bad entry keeps the running mesh").isEqualTo(1);
  }

  @Test
  void aBannedNodeIsDisconnectedAndStaysOutAcrossARestart() throws Exception {
    SwarmKey key = SwarmKey.generate();
    int port;
    try (ServerSocket free = new ServerSocket(0)) {
      port = free.getLocalPort();
    }
    TestNode a = new TestNode(dir, "a", key);
    a.config.put("port", port);
    a.start();
    nodes.add(a);
    TestNode b = new TestNode(dir, "b", key).bootstrap(a).start();
    nodes.add(b);
    await(() -> a.peers() == 1 && b.peers() == 1, "a and b connected");

    assertThat(a.commands.ban(b.id().toString(), "10m"))
        .startsWith("banned " + b.id() + " for 10m");
    await(() -> a.peers() == 0 && b.peers() == 0, "b disconnected");
    long dials = b.runtime().dials();
    await(() -> b.runtime().dials() >= dials + 3, "b redialled three times");
    assertThat(a.peers()).isZero();
    assertThat(a.service.peers()).isEmpty();
    Path bans = a.root.resolve("data").resolve(MeshService.BANS_FILE);
    assertThat(Files.readString(bans)).contains(b.id().toString()).contains("mesh:ban");
    assertThat(a.commands.bans()).contains(b.id().toString());

    a.stop();
    a.start();
    assertThat(a.port()).isEqualTo(port);
    long again = b.runtime().dials();
    await(() -> b.runtime().dials() >= again + 3, "b redialled the restarted a three times");
    assertThat(a.peers()).as("the ban survived the restart").isZero();

    assertThat(a.commands.unban(b.id().toString())).isEqualTo("lifted the ban on " + b.id());
    await(() -> a.peers() == 1 && b.peers() == 1, "b back after the ban was lifted");
  }

  @Test
  void withThirtyPercentOfTenNodesGoneTheRestStillReceiveEverything() {
    List<TestNode> swarm = swarm(10, SwarmKey.generate());
    List<TestNode> gone = List.of(swarm.get(2), swarm.get(5), swarm.get(8));
    gone.forEach(TestNode::stop);
    List<TestNode> rest = new ArrayList<>(swarm);
    rest.removeAll(gone);
    for (TestNode node : rest) {
      await(() -> node.peers() == rest.size() - 1, node.id() + " noticed the departures");
    }
    rest.forEach(node -> node.heartbeats(3));
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < rest.size(); i++) {
      expected.add("after " + i);
      rest.get(i).service.publish(TOPIC, utf8("after " + i));
    }
    for (TestNode node : rest) {
      await(
          () -> node.texts().containsAll(expected),
          node.id() + " received every message published after the departures");
    }
    rest.forEach(node -> node.heartbeats(3));
    for (TestNode node : rest) {
      assertThat(node.texts()).containsExactlyInAnyOrderElementsOf(expected);
    }
  }
}
