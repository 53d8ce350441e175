package sovereign.mesh.gossip;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Propagation, mesh shape and repair in simulated networks of honest routers. */
class GossipRouterSimulationTest {

  private static final String TOPIC = "swarm/events";

  private static final GossipParams MESH_ONLY = GossipParams.builder().floodPublish(false).build();

  @ParameterizedTest
  @ValueSource(ints = {5, 20, 50})
  void everySubscriberGetsEveryMessageExactlyOnceThroughTheMesh(int n) {
    SimNetwork sim = new SimNetwork(MESH_ONLY, 42 + n);
    List<SimNetwork.Node> nodes = sim.addNodes(n);
    sim.connectAll();
    sim.subscribeAll(TOPIC);
    sim.heartbeats(3);

    List<MessageId> ids = publishFromEach(sim, nodes, 2);

    for (SimNetwork.Node node : nodes) {
      for (MessageId id : ids) {
        assertThat(node.deliveredCount(id)).as("deliveries of %s at %s", id, node.key).isEqualTo(1);
      }
    }
    // The mesh carried it: far fewer full messages than flooding to every peer would send.
    long flooding = (long) ids.size() * n * (n - 1);
    if (n > 2 * MESH_ONLY.dHigh()) {
      assertThat((long) sim.sentParts.get("message")).isLessThan(flooding / 2);
    }
  }

  @Test
  void floodPublishingAlsoDeliversExactlyOnce() {
    SimNetwork sim = new SimNetwork(GossipParams.DEFAULTS, 7);
    List<SimNetwork.Node> nodes = sim.addNodes(12);
    sim.connectRandom(3);
    sim.subscribeAll(TOPIC);
    sim.heartbeats(2);

    List<MessageId> ids = publishFromEach(sim, nodes, 1);

    nodes.forEach(node -> ids.forEach(id -> assertThat(node.deliveredCount(id)).isEqualTo(1)));
  }

  @Test
  void meshDegreesStayWithinBoundsAndDoNotGrowWithTheNetwork() {
    SimNetwork sim = new SimNetwork(MESH_ONLY, 3);
    List<SimNetwork.Node> nodes = sim.addNodes(50);
    sim.connectAll();
    sim.subscribeAll(TOPIC);

    for (int round = 0; round < 5; round++) {
      sim.heartbeats(1);
      for (SimNetwork.Node node : nodes) {
        List<PeerKey> mesh = node.router.view().topic(TOPIC).mesh();
        assertThat(mesh.size())
            .as("mesh of %s after heartbeat %d", node.key, round)
            .isBetween(MESH_ONLY.dLow(), MESH_ONLY.dHigh());
        assertThat(node.router.view().topic(TOPIC).knownSubscribers()).isEqualTo(49);
      }
    }
    // Mesh links are symmetric once the network has settled.
    for (SimNetwork.Node node : nodes) {
      for (PeerKey peer : node.router.view().topic(TOPIC).mesh()) {
        assertThat(sim.nodes.get(peer).router.view().topic(TOPIC).mesh()).contains(node.key);
      }
    }
  }

  @Test
  void remainingSubscribersGetEveryMessageAfterThirtyPercentAreRemoved() {
    SimNetwork sim = new SimNetwork(MESH_ONLY, 11);
    List<SimNetwork.Node> nodes = sim.addNodes(30);
    sim.connectRandom(5);
    sim.subscribeAll(TOPIC);
    sim.heartbeats(3);

    List<SimNetwork.Node> gone = new ArrayList<>(nodes.subList(0, 9));
    gone.forEach(sim::remove);
    List<SimNetwork.Node> remaining = new ArrayList<>(nodes.subList(9, 30));
    sim.heartbeats(3);

    for (SimNetwork.Node node : remaining) {
      int peers = node.router.view().topic(TOPIC).knownSubscribers();
      assertThat(node.router.view().topic(TOPIC).mesh().size())
          .as("repaired mesh of %s", node.key)
          .isGreaterThanOrEqualTo(Math.min(MESH_ONLY.dLow(), peers));
    }
    List<MessageId> ids = publishFromEach(sim, remaining, 1);
    for (SimNetwork.Node node : remaining) {
      ids.forEach(id -> assertThat(node.deliveredCount(id)).isEqualTo(1));
    }
  }

  @Test
  void ihaveAndIwantRecoverAMessageLostOnEveryMeshLink() {
    SimNetwork sim = new SimNetwork(MESH_ONLY, 5);
    List<SimNetwork.Node> nodes = sim.addNodes(20);
    sim.connectAll();
    sim.subscribeAll(TOPIC);
    sim.heartbeats(3);
    SimNetwork.Node victim = nodes.get(7);
    SimNetwork.Node publisher = nodes.get(0);
    sim.dropRule = (from, to, m) -> to.equals(victim.key);

    MessageId id = publisher.router.publish(TOPIC, bytes("lost on the way"));
    sim.run();
    assertThat(victim.deliveredCount(id)).isZero();
    assertThat(nodes.stream().filter(n -> n != victim).mapToInt(n -> n.deliveredCount(id)))
        .containsOnly(1);

    sim.dropRule = (from, to, m) -> false;
    int iwantsBefore = sim.sentParts.get("iwant");
    sim.heartbeats(1);

    assertThat(victim.deliveredCount(id)).isEqualTo(1);
    assertThat(sim.sentParts.get("iwant")).isGreaterThan(iwantsBefore);
    sim.heartbeats(5);
    assertThat(victim.deliveredCount(id)).isEqualTo(1);
    // The advertisers kept their promise: nobody is penalised for it.
    nodes.forEach(
        n -> n.router.view().peers().forEach(p -> assertThat(p.behaviourPenalty()).isZero()));
  }

  @Test
  void randomMessageLossIsRepairedByGossip() {
    SimNetwork sim = new SimNetwork(MESH_ONLY, 8);
    List<SimNetwork.Node> nodes = sim.addNodes(25);
    sim.connectRandom(4);
    sim.subscribeAll(TOPIC);
    sim.heartbeats(3);
    sim.dropRate = 0.2;

    List<MessageId> ids = publishFromEach(sim, nodes.subList(0, 10), 1);
    sim.heartbeats(3);

    for (SimNetwork.Node node : nodes) {
      ids.forEach(id -> assertThat(node.deliveredCount(id)).isEqualTo(1));
    }
  }

  @Test
  void aNonSubscriberPublishesThroughFanoutWhichExpires() {
    SimNetwork sim = new SimNetwork(MESH_ONLY, 9);
    List<SimNetwork.Node> nodes = sim.addNodes(15);
    sim.connectAll();
    SimNetwork.Node outsider = nodes.get(0);
    nodes.subList(1, 15).forEach(n -> n.router.subscribe(TOPIC));
    sim.run();
    sim.heartbeats(2);

    MessageId id = outsider.router.publish(TOPIC, bytes("from outside"));
    sim.run();

    assertThat(outsider.deliveredCount(id)).isZero();
    nodes.subList(1, 15).forEach(n -> assertThat(n.deliveredCount(id)).isEqualTo(1));
    RouterView.TopicView view = outsider.router.view().topic(TOPIC);
    assertThat(view.subscribed()).isFalse();
    assertThat(view.fanout()).hasSize(MESH_ONLY.d());
    assertThat(view.mesh()).isEmpty();

    sim.heartbeats((int) MESH_ONLY.fanoutTtl().toSeconds() + 1);
    assertThat(outsider.router.view().topic(TOPIC)).isNull();
  }

  @Test
  void theSameSeedGivesTheSameRun() {
    assertThat(fingerprint(99)).isEqualTo(fingerprint(99));
    assertThat(fingerprint(99)).isNotEqualTo(fingerprint(100));
  }

  private static String fingerprint(long seed) {
    SimNetwork sim = new SimNetwork(MESH_ONLY, seed);
    List<SimNetwork.Node> nodes = sim.addNodes(15);
    sim.connectRandom(3);
    sim.subscribeAll(TOPIC);
    sim.heartbeats(3);
    publishFromEach(sim, nodes, 1);
    sim.heartbeats(2);
    StringBuilder sb = new StringBuilder().append(sim.framesDelivered).append(sim.sentParts);
    nodes.forEach(n -> sb.append(n.router.view().topic(TOPIC).mesh()));
    return sb.toString();
  }

  static List<MessageId> publishFromEach(
      SimNetwork sim, List<SimNetwork.Node> publishers, int perNode) {
    List<MessageId> ids = new ArrayList<>();
    for (int i = 0; i < perNode; i++) {
      for (SimNetwork.Node node : publishers) {
        ids.add(node.router.publish(TOPIC, bytes("message " + i + " from " + node.key)));
        sim.run();
      }
    }
    return ids;
  }

  static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
