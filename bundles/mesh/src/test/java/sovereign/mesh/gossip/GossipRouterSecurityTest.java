package sovereign.mesh.gossip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static sovereign.mesh.gossip.GossipRouterSimulationTest.bytes;
import static sovereign.mesh.gossip.SimNetwork.message;
import static sovereign.mesh.gossip.SimNetwork.rpcOf;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Attacks and misbehaviour, played by puppets against real routers: replays, forged signatures and
 * origins, validator verdicts, GRAFT during backoff, graylisting, bans, IWANT caps, broken IHAVE
 * promises.
 */
class GossipRouterSecurityTest {

  private static final String TOPIC = "swarm/events";
  private static final GossipParams PARAMS = GossipParams.builder().floodPublish(false).build();

  private SimNetwork sim;
  private List<SimNetwork.Node> nodes;
  private SimNetwork.Node target;
  private SimNetwork.Puppet mallory;

  @BeforeEach
  void network() {
    sim = new SimNetwork(PARAMS, 1234);
    nodes = sim.addNodes(10);
    sim.connectAll();
    sim.subscribeAll(TOPIC);
    target = nodes.get(0);
    mallory = sim.addPuppet();
    sim.connect(mallory, target);
    // mallory subscribes and joins target's mesh, so target forwards to it.
    sim.inject(
        mallory,
        target,
        Rpc.builder()
            .subscription(new Rpc.Subscription(true, TOPIC))
            .graft(new Rpc.Graft(TOPIC))
            .build());
    sim.heartbeats(2);
    assertThat(target.router.view().topic(TOPIC).mesh()).contains(mallory.key);
  }

  @Test
  void aReplayedMessageIsDeliveredOnce() {
    MessageId id = nodes.get(3).router.publish(TOPIC, bytes("once"));
    sim.run();
    GossipMessage original =
        mallory.receivedMessages().stream()
            .filter(m -> m.id().equals(id))
            .findFirst()
            .orElseThrow();

    for (int i = 0; i < 5; i++) {
      sim.inject(mallory, target, rpcOf(original));
      sim.heartbeats(1);
    }

    nodes.forEach(n -> assertThat(n.deliveredCount(id)).isEqualTo(1));
    assertThat(target.router.score(mallory.key)).isGreaterThanOrEqualTo(0);
  }

  @Test
  void aForgedOriginIsDroppedAndRepeatedOffencesGetTheForwarderBanned() {
    SimNetwork.Node victim = nodes.get(5);
    List<MessageId> forged = new ArrayList<>();
    for (int seqno = 1; seqno <= 3; seqno++) {
      GossipMessage m = message(mallory.signer, TOPIC, victim.key, seqno, bytes("I am " + seqno));
      forged.add(m.id());
      sim.inject(mallory, target, rpcOf(m));
      if (seqno == 1) {
        assertThat(target.router.score(mallory.key)).isLessThan(PARAMS.gossipThreshold());
        assertThat(
                target.router.view().peer(mallory.key).topics().get(0).invalidMessageDeliveries())
            .isEqualTo(1.0);
      }
    }

    nodes.forEach(n -> forged.forEach(id -> assertThat(n.deliveredCount(id)).isZero()));
    assertThat(target.router.score(mallory.key)).isLessThan(PARAMS.graylistThreshold());
    assertThat(target.bans).containsKey(mallory.key);
    assertThat(target.bans.get(mallory.key)).contains("bad signature");
    assertThat(target.router.isBanned(mallory.key)).isTrue();
    assertThat(target.router.view().banned()).containsExactly(mallory.key);
    assertThat(target.router.addPeer(mallory.key)).isFalse();
    // No other node ever saw the forgeries: they were not forwarded.
    nodes
        .subList(1, nodes.size())
        .forEach(
            n ->
                assertThat(n.router.view().peers())
                    .allSatisfy(
                        p ->
                            assertThat(p.topics())
                                .allSatisfy(
                                    t -> assertThat(t.invalidMessageDeliveries()).isZero())));
  }

  @Test
  void aTamperedPayloadIsDroppedAndTheGenuineMessageStillGetsThrough() {
    SimNetwork.Node author = nodes.get(4);
    GossipMessage genuine = message(signerOf(author), TOPIC, author.key, 7, bytes("pay 1"));
    GossipMessage tampered =
        new GossipMessage(TOPIC, author.key, 7, bytes("pay 1000"), genuine.signature());

    sim.inject(mallory, target, rpcOf(tampered));
    assertThat(target.deliveredCount(tampered.id())).isZero();
    assertThat(target.router.score(mallory.key)).isNegative();

    // A forgery carrying the genuine content under a bad signature does not poison the id.
    GossipMessage badSignature = genuine.withSignature(new byte[64]);
    sim.inject(mallory, target, rpcOf(badSignature));
    assertThat(target.deliveredCount(genuine.id())).isZero();
    SimNetwork.Puppet trent = sim.addPuppet();
    sim.connect(trent, target);
    sim.inject(trent, target, rpcOf(genuine));
    nodes.stream()
        .filter(n -> n != author)
        .forEach(n -> assertThat(n.deliveredCount(genuine.id())).isEqualTo(1));
  }

  @Test
  void validatorRejectIsPenalisedAndIgnoreIsNot() {
    nodes.forEach(
        n ->
            n.router.registerValidator(
                TOPIC,
                m ->
                    switch (new String(m.payload(), StandardCharsets.UTF_8)) {
                      case "bad" -> ValidationResult.REJECT;
                      case "meh" -> ValidationResult.IGNORE;
                      default -> ValidationResult.ACCEPT;
                    }));

    double before = target.router.score(mallory.key);
    GossipMessage meh = message(mallory.signer, TOPIC, mallory.key, 1, bytes("meh"));
    sim.inject(mallory, target, rpcOf(meh));
    assertThat(target.router.score(mallory.key)).isEqualTo(before);
    assertThat(target.deliveredCount(meh.id())).isZero();

    GossipMessage bad = message(mallory.signer, TOPIC, mallory.key, 2, bytes("bad"));
    sim.inject(mallory, target, rpcOf(bad));
    assertThat(target.router.score(mallory.key) - before)
        .isCloseTo(PARAMS.invalidMessageDeliveriesWeight(), within(1e-9));
    assertThat(target.deliveredCount(bad.id())).isZero();
    nodes.forEach(n -> assertThat(n.deliveredCount(bad.id())).isZero());

    // The same rejected message again is charged again.
    sim.inject(mallory, target, rpcOf(bad));
    assertThat(target.router.view().peer(mallory.key).topics().get(0).invalidMessageDeliveries())
        .isEqualTo(2.0);

    GossipMessage good = message(mallory.signer, TOPIC, mallory.key, 3, bytes("good"));
    sim.inject(mallory, target, rpcOf(good));
    nodes.forEach(n -> assertThat(n.deliveredCount(good.id())).isEqualTo(1));
  }

  @Test
  void graftDuringBackoffIsPenalisedAndAnsweredWithPrune() {
    Rpc graft = Rpc.builder().graft(new Rpc.Graft(TOPIC)).build();
    Rpc prune = Rpc.builder().prune(new Rpc.Prune(TOPIC, 60)).build();
    sim.inject(mallory, target, prune); // mallory leaves target's mesh: backoff starts
    assertThat(target.router.view().topic(TOPIC).mesh()).doesNotContain(mallory.key);
    int prunesBefore = mallory.receivedPrunes().size();

    sim.inject(mallory, target, graft);

    assertThat(target.router.view().topic(TOPIC).mesh()).doesNotContain(mallory.key);
    assertThat(target.router.view().peer(mallory.key).behaviourPenalty()).isEqualTo(1.0);
    assertThat(target.router.score(mallory.key)).isEqualTo(PARAMS.behaviourPenaltyWeight());
    assertThat(mallory.receivedPrunes()).hasSize(prunesBefore + 1);
    assertThat(mallory.receivedPrunes().get(prunesBefore).backoffSeconds()).isEqualTo(60);
  }

  @Test
  void anHonestGraftAfterTheBackoffIsAccepted() {
    sim.inject(mallory, target, Rpc.builder().prune(new Rpc.Prune(TOPIC, 2)).build());
    sim.heartbeats(3);
    sim.inject(mallory, target, Rpc.builder().graft(new Rpc.Graft(TOPIC)).build());
    assertThat(target.router.view().peer(mallory.key).behaviourPenalty()).isZero();
    assertThat(target.router.view().topic(TOPIC).mesh()).contains(mallory.key);
  }

  @Test
  void routersHonourEachOthersBackoffWithoutPenalties() {
    SimNetwork.Node a = nodes.get(1);
    List<PeerKey> meshBefore = a.router.view().topic(TOPIC).mesh();
    a.router.unsubscribe(TOPIC);
    a.router.subscribe(TOPIC);
    sim.run();
    // a pruned its old mesh with the unsubscribe backoff and does not graft them again yet.
    assertThat(a.router.view().topic(TOPIC).mesh()).doesNotContainAnyElementsOf(meshBefore);

    sim.heartbeats((int) PARAMS.unsubscribeBackoff().toSeconds() + 5);

    for (SimNetwork.Node n : nodes) {
      n.router.view().peers().forEach(p -> assertThat(p.behaviourPenalty()).isZero());
      assertThat(n.router.view().topic(TOPIC).mesh().size())
          .isBetween(PARAMS.dLow(), PARAMS.dHigh());
    }
  }

  @Test
  void aGraylistedPeerIsIgnored() {
    for (int i = 0; i < 3; i++) {
      sim.injectRaw(mallory, target, new byte[] {(byte) 0xde, (byte) 0xad, (byte) i});
    }
    double score = target.router.score(mallory.key);
    assertThat(score).isLessThan(PARAMS.graylistThreshold()).isGreaterThan(PARAMS.banThreshold());
    assertThat(target.bans).isEmpty();
    assertThat(target.router.view().peer(mallory.key).lastOffence()).startsWith("malformed RPC");

    GossipMessage valid = message(mallory.signer, TOPIC, mallory.key, 1, bytes("hello"));
    sim.inject(mallory, target, rpcOf(valid));
    MessageId cached = nodes.get(2).router.publish(TOPIC, bytes("cached"));
    sim.run();
    int before = mallory.received.size();
    sim.inject(mallory, target, Rpc.builder().iwant(new Rpc.IWant(List.of(cached))).build());
    sim.injectRaw(mallory, target, new byte[] {1, 2, 3});

    assertThat(target.deliveredCount(valid.id())).isZero();
    assertThat(mallory.received).hasSize(before);
    assertThat(target.router.score(mallory.key)).isEqualTo(score);
  }

  @Test
  void iwantIsServedUpToTheCapPerHeartbeat() {
    List<MessageId> ids = new ArrayList<>();
    for (int i = 0; i < PARAMS.maxIWantPerHeartbeat() + 20; i++) {
      ids.add(target.router.publish(TOPIC, bytes("m" + i)));
    }
    sim.run();
    mallory.received.clear();

    sim.inject(mallory, target, Rpc.builder().iwant(new Rpc.IWant(ids)).build());
    assertThat(mallory.receivedMessages()).hasSize(PARAMS.maxIWantPerHeartbeat());

    sim.inject(mallory, target, Rpc.builder().iwant(new Rpc.IWant(ids)).build());
    assertThat(mallory.receivedMessages()).hasSize(PARAMS.maxIWantPerHeartbeat());

    sim.heartbeats(1);
    mallory.received.clear();
    sim.inject(mallory, target, Rpc.builder().iwant(new Rpc.IWant(ids.subList(0, 5))).build());
    assertThat(mallory.receivedMessages()).hasSize(5);
  }

  @Test
  void anIhavePromiseNotKeptIsPenalised() {
    MessageId phantom = new MessageId(new byte[32]);
    sim.inject(
        mallory, target, Rpc.builder().ihave(new Rpc.IHave(TOPIC, List.of(phantom))).build());
    assertThat(mallory.receivedIWants()).anySatisfy(w -> assertThat(w.ids()).contains(phantom));

    sim.heartbeats((int) PARAMS.iwantFollowup().toSeconds() + 1);

    assertThat(target.router.view().peer(mallory.key).behaviourPenalty()).isGreaterThan(0.9);
    assertThat(target.router.view().peer(mallory.key).lastOffence()).contains("IHAVE");
  }

  @Test
  void ihaveFromBelowTheGossipThresholdIsIgnored() {
    sim.injectRaw(mallory, target, new byte[] {9}); // one malformed frame: score -10
    sim.injectRaw(mallory, target, new byte[] {9}); // two: -40, below gossip (-10)
    int before = mallory.received.size();
    sim.inject(
        mallory,
        target,
        Rpc.builder().ihave(new Rpc.IHave(TOPIC, List.of(new MessageId(new byte[32])))).build());
    assertThat(mallory.received).hasSize(before);
  }

  private Signer signerOf(SimNetwork.Node node) {
    return sim.signers.get(node.key);
  }
}
