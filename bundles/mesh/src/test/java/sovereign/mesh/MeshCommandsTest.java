package sovereign.mesh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;
import static sovereign.mesh.TestNode.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sovereign.api.mesh.MeshStatus;
import sovereign.mesh.gossip.GossipParams;
import sovereign.mesh.heartbeat.Heartbeats;
import sovereign.mesh.heartbeat.PeerHeartbeat;
import sovereign.mesh.transport.MeshTransport;
import sovereign.mesh.transport.TestIdentity;
import sovereign.testing.Configs;

/** The {@code mesh:*} commands: their output, and the messages of their refusals. */
class MeshCommandsTest {

  @TempDir Path dir;
  private final List<TestNode> nodes = new ArrayList<>();

  @AfterEach
  void stopAll() {
    nodes.forEach(TestNode::stop);
  }

  private TestNode node(String name, SwarmKey key) {
    TestNode node = new TestNode(dir, name, key).start();
    nodes.add(node);
    return node;
  }

  @Test
  void aNodeWithoutASwarmKeyRunsAloneUntilKeygen() throws Exception {
    TestNode alone = node("alone", null);
    assertThat(alone.log)
        .anySatisfy(
            l ->
                assertThat(l)
                    .startsWith("WARN no swarm key: the node runs alone; mesh:keygen makes one"));
    assertThat(alone.service.status().swarmKey()).isEqualTo(MeshStatus.ALONE);
    assertThat(alone.commands.status())
        .contains("listening: no")
        .contains("swarm key: none: running alone")
        .contains("mesh:keygen");
    assertThat(alone.commands.peers()).startsWith("no peers: the mesh is not running");
    assertThatThrownBy(() -> alone.commands.publish("chat", "hello"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("the mesh is not running: no swarm key");
    alone.subscribe("chat"); // taken while alone, live once the mesh runs

    String out = alone.commands.keygen();
    Path file = alone.root.resolve("data/swarm.key");
    String fingerprint = SwarmKey.read(file).fingerprint();
    assertThat(out)
        .contains("(fingerprint " + fingerprint + ")")
        .contains("every node of the swarm")
        .contains("restarted with the new key: listening on");
    assertThat(Files.getPosixFilePermissions(file))
        .isEqualTo(PosixFilePermissions.fromString("rw-------"));
    assertThat(alone.service.status().running()).isTrue();
    assertThat(alone.commands.status()).contains("swarm key: " + fingerprint).contains("chat");
    String id = alone.commands.publish("chat", "hello");
    assertThat(id).hasSize(64);
    await(() -> alone.texts().contains("hello"), "own message delivered");

    assertThatThrownBy(alone.commands::keygen)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("exists already")
        .hasMessageContaining("mesh:restart");
    assertThat(SwarmKey.read(file).fingerprint()).isEqualTo(fingerprint);
  }

  @Test
  void aMalformedSwarmKeyIsAnErrorNamingTheLine() throws Exception {
    TestNode node = new TestNode(dir, "bad", null);
    Files.writeString(node.root.resolve("data/swarm.key"), "/key/swarm/psk/1.0.0/\n/base64/\nxx\n");
    node.start();
    nodes.add(node);
    assertThat(node.log)
        .anySatisfy(l -> assertThat(l).startsWith("ERROR").contains("line 2").contains("/base64/"));
    assertThat(node.service.status().running()).isFalse();
    assertThat(node.commands.status()).contains("why:       the swarm key is malformed");
  }

  @Test
  void peersConnectDisconnectAndTopics() {
    SwarmKey key = SwarmKey.generate();
    TestNode a = node("a", key).subscribe("news");
    TestNode b = node("b", key).subscribe("news");
    assertThat(a.commands.peers()).startsWith("no peers connected");
    String out = b.commands.connect(a.address());
    assertThat(out).startsWith("connected to " + a.id() + " at 127.0.0.1:" + a.port());
    await(() -> a.peers() == 1, "a sees b");
    assertThat(a.commands.peers())
        .contains("ID", "ADDRESS", "SCORE", "LATENCY", "CONNECTED", "LAST BEAT")
        .contains(b.id().toString())
        .contains(" ms")
        .contains("ago")
        .endsWith(" -\n");
    Heartbeats beats = mock(Heartbeats.class);
    when(beats.table())
        .thenReturn(
            List.of(
                new PeerHeartbeat(
                    b.id(),
                    true,
                    Duration.ofMillis(1234),
                    3,
                    0,
                    1.0,
                    3,
                    "0.1.0",
                    new TreeMap<>(),
                    Optional.empty(),
                    0)));
    a.commands.heartbeats = beats;
    assertThat(a.commands.peers()).endsWith(" 1234 ms ago\n");
    a.commands.heartbeats = null;
    await(() -> a.service.view().topic("news").mesh().size() == 1, "b in a's mesh of news");
    assertThat(a.commands.topics()).contains("TOPIC").containsPattern("news\\s+yes\\s+1\\s+0\\s+1");
    assertThat(b.commands.publish("news", "extra")).hasSize(64);
    await(() -> a.texts().contains("extra"), "a got b's message");

    assertThat(a.commands.disconnect(b.id().toString())).isEqualTo("disconnected " + b.id());
    await(() -> a.peers() == 0 && b.peers() == 0, "disconnected on both sides");
  }

  @Test
  void refusalsQuoteTheInputAndSayWhatWorks() {
    TestNode a = node("a", SwarmKey.generate());
    String stranger = TestIdentity.random().nodeId().toString();
    assertThatThrownBy(() -> a.commands.connect("nonsense"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "'nonsense' is not an address: use host:port or NodeID@host:port, like 10.0.0.5:4001"
                + " or 12D3KooW…@10.0.0.5:4001");
    assertThatThrownBy(() -> a.commands.diag("host:99999"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("'host:99999' is not an address: the port must be 1 to 65535");
    assertThatThrownBy(() -> a.commands.connect("::1:4001"))
        .hasMessageContaining("write an IPv6 address in brackets, like [::1]:4001");
    assertThatThrownBy(() -> a.commands.disconnect("12D3KooWnope"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("'12D3KooWnope' is not a NodeID");
    assertThatThrownBy(() -> a.commands.disconnect(stranger))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("'" + stranger + "' is not connected; mesh:peers lists the connected nodes");
    assertThatThrownBy(() -> a.commands.ban(stranger, "5x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "'5x' is not a duration: use a positive number and a unit (s, m, h or d), like 30s,"
                + " 10m, 2h or 1d");
    assertThatThrownBy(() -> a.commands.ban(stranger, "0m"))
        .hasMessageStartingWith("'0m' is not a duration");
    assertThatThrownBy(() -> a.commands.ban(a.id().toString(), "1h"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("'" + a.id() + "' is this node: it cannot ban itself");
    assertThatThrownBy(() -> a.commands.unban(stranger))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("'" + stranger + "' is not banned; mesh:bans lists the banned nodes");
    assertThatThrownBy(() -> a.commands.publish("", "x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a topic name must not be empty");
    assertThat(a.commands.ban(stranger)).contains("for 1h 0m");
    assertThatThrownBy(() -> a.commands.connect(stranger + "@" + a.address()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("cannot connect to " + stranger + "@127.0.0.1:" + a.port())
        .hasMessageContaining("IDENTITY")
        .hasMessageEndingWith("(mesh:diag " + stranger + "@" + a.address() + " says more)");
  }

  @Test
  void durationsAndDefaults() {
    assertThat(Durations.parse("30s")).isEqualTo(Duration.ofSeconds(30));
    assertThat(Durations.parse("10m")).isEqualTo(Duration.ofMinutes(10));
    assertThat(Durations.parse("2h")).isEqualTo(Duration.ofHours(2));
    assertThat(Durations.parse("1d")).isEqualTo(Duration.ofDays(1));
    MeshConfig defaults = Configs.of(MeshConfig.class, java.util.Map.of());
    assertThat(MeshRuntime.params(defaults)).isEqualTo(GossipParams.DEFAULTS);
    assertThat(defaults.port()).isEqualTo(4001);
    assertThat(defaults.host()).isEqualTo("0.0.0.0");
    assertThat(defaults.bootstrap()).isEmpty();
    assertThat(defaults.closed()).isFalse();
  }

  @Test
  void deactivateLeavesNoThreadBehind() {
    Set<String> before = meshThreads();
    SwarmKey key = SwarmKey.generate();
    TestNode a = node("a", key).subscribe("t");
    TestNode b = new TestNode(dir, "b", key).bootstrap(a).start();
    nodes.add(b);
    await(() -> a.peers() == 1, "connected");
    a.service.publish("t", new byte[1]); // the delivery thread starts with the first message
    await(() -> a.received.size() == 1, "delivered");
    assertThat(meshThreads()).contains(MeshRuntime.ROUTER_THREAD, MeshService.DELIVERY_THREAD);
    a.stop();
    b.stop();
    assertThat(meshThreads()).isEqualTo(before);
  }

  private static Set<String> meshThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(Thread::isAlive)
        .map(Thread::getName)
        .filter(
            n ->
                n.startsWith(MeshTransport.THREAD_PREFIX)
                    || n.equals(MeshRuntime.ROUTER_THREAD)
                    || n.equals(MeshService.DELIVERY_THREAD))
        .collect(Collectors.toSet());
  }
}
