package sovereign.mesh.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import sovereign.api.identity.NodeId;
import sovereign.mesh.transport.TestIdentity;

/** The point's registry and the protocol's messages, without a network. */
class RendezvousRegistryTest {

  private final AtomicLong clock = new AtomicLong(1_700_000_000_000L);
  private final TestIdentity b = TestIdentity.random();
  private final TestIdentity c = TestIdentity.random();
  private final InetAddress natB = address("203.0.113.7");
  private final InetAddress natC = address("203.0.113.9");
  private RendezvousRegistry registry = registry(10, 5, 3600);

  private RendezvousRegistry registry(int max, int perNamespace, long maxTtl) {
    return new RendezvousRegistry(clock::get, b::verify, max, perNamespace, maxTtl);
  }

  private static InetAddress address(String ip) {
    try {
      return InetAddress.getByName(ip);
    } catch (java.net.UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Registration reg(TestIdentity who, String ns, long seq, long ttl) {
    return Registration.sign(who, ns, 4001, seq, ttl);
  }

  private byte[] request(NodeId from, InetAddress observed, byte[] request) {
    return registry.handle(from, observed, request);
  }

  @Test
  void aRegistrationIsFoundWithTheObservedAddressAndTheAnnouncedPort() {
    byte[] reply = request(b.nodeId(), natB, RendezvousWire.register(reg(b, "sovereign", 1, 600)));
    assertThat(RendezvousWire.decodeRegistered(reply)).isEqualTo(600);
    request(c.nodeId(), natC, RendezvousWire.register(reg(c, "sovereign", 1, 600)));
    List<RendezvousWire.Found> found =
        RendezvousWire.decodeFound(
            request(c.nodeId(), natC, RendezvousWire.discover("sovereign", 100)));
    assertThat(found)
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.registration().node()).isEqualTo(b.nodeId());
              assertThat(f.address()).hasToString("/203.0.113.7:4001");
              assertThat(f.registration().verify(c::verify)).isTrue();
            });
    assertThat(
            RendezvousWire.decodeFound(
                request(c.nodeId(), natC, RendezvousWire.discover("other", 100))))
        .isEmpty();
    assertThat(
            RendezvousWire.decodeUnregistered(
                request(b.nodeId(), natB, RendezvousWire.unregister("sovereign"))))
        .isTrue();
    assertThat(registry.discover(c.nodeId(), "sovereign", 100)).isEmpty();
  }

  @Test
  void forgedBadlySignedReplayedAndMalformedRegistrationsAreRefusedAndChangeNothing() {
    registry.register(b.nodeId(), natB, reg(b, "sovereign", 5, 600));
    var before = registry.list();
    // c sends b's registration: the address observed would be c's.
    assertThatThrownBy(() -> registry.register(c.nodeId(), natC, reg(b, "sovereign", 6, 600)))
        .hasMessageContaining("forged");
    // b's NodeID, signed by c.
    Registration good = reg(b, "sovereign", 7, 600);
    Registration signedByC =
        new Registration(b.nodeId(), "sovereign", 4001, 7, 600, c.sign(good.signedContent()));
    assertThatThrownBy(() -> registry.register(b.nodeId(), natB, signedByC))
        .hasMessageContaining("signature is not");
    // The port changed after signing.
    Registration tampered =
        new Registration(b.nodeId(), "sovereign", 4002, 7, 600, good.signature());
    assertThatThrownBy(() -> registry.register(b.nodeId(), natB, tampered))
        .hasMessageContaining("signature is not");
    assertThatThrownBy(() -> registry.register(b.nodeId(), natB, reg(b, "sovereign", 5, 600)))
        .hasMessageContaining("replay");
    byte[] bytes = RendezvousWire.register(good);
    for (byte[] bad :
        List.of(
            new byte[0],
            java.util.Arrays.copyOf(bytes, bytes.length - 1),
            java.util.Arrays.copyOf(bytes, bytes.length + 1),
            new byte[] {1, 9},
            new byte[] {2, 1})) {
      assertThatThrownBy(() -> request(b.nodeId(), natB, bad))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("malformed");
    }
    assertThat(registry.list()).isEqualTo(before);
    // A newer one refreshes it.
    registry.register(b.nodeId(), natB, good);
    assertThat(registry.list())
        .singleElement()
        .satisfies(e -> assertThat(e.registration()).isEqualTo(good));
  }

  @Test
  void theTtlIsCappedAndExpiredRegistrationsAreDroppedLazily() {
    assertThat(registry.register(b.nodeId(), natB, reg(b, "sovereign", 1, 1_000_000)))
        .isEqualTo(3600);
    registry.register(c.nodeId(), natC, reg(c, "sovereign", 1, 60));
    clock.addAndGet(60_000);
    assertThat(registry.discover(b.nodeId(), "sovereign", 100)).isEmpty();
    assertThat(registry.size()).isEqualTo(1);
    clock.addAndGet(3_540_000);
    assertThat(registry.size()).isZero();
  }

  @Test
  void theBoundsHold() {
    registry = registry(3, 2, 3600);
    TestIdentity d = TestIdentity.random();
    registry.register(b.nodeId(), natB, reg(b, "one", 1, 600));
    registry.register(c.nodeId(), natC, reg(c, "one", 1, 600));
    assertThatThrownBy(() -> registry.register(d.nodeId(), natC, reg(d, "one", 1, 600)))
        .hasMessageContaining("namespace 'one' is full");
    registry.register(d.nodeId(), natC, reg(d, "two", 1, 600));
    assertThatThrownBy(() -> registry.register(d.nodeId(), natC, reg(d, "three", 1, 600)))
        .hasMessageContaining("full (3 registrations)");
    // A refresh is always taken.
    registry.register(b.nodeId(), natB, reg(b, "one", 2, 600));
    assertThat(registry.size()).isEqualTo(3);
    assertThat(registry.discover(d.nodeId(), "one", 1)).hasSize(1);

    registry = registry(100, 100, 3600);
    for (int i = 0; i < RendezvousRegistry.MAX_NAMESPACES_PER_NODE; i++) {
      registry.register(b.nodeId(), natB, reg(b, "ns" + i, 1, 600));
    }
    assertThatThrownBy(() -> registry.register(b.nodeId(), natB, reg(b, "more", 1, 600)))
        .hasMessageContaining("at most 8 namespaces");
  }

  @Test
  void registrationsRoundTripAndBadNamespacesAreRefused() {
    Registration r = reg(b, "ünïcode space", 42, 7200);
    assertThat(Registration.decode(r.encode())).isEqualTo(r);
    assertThatThrownBy(() -> reg(b, "", 1, 1)).hasMessageContaining("must not be empty");
    assertThatThrownBy(() -> reg(b, "x".repeat(256), 1, 1)).hasMessageContaining("at most 255");
    assertThatThrownBy(() -> RendezvousWire.decodeRequest(RendezvousWire.discover("x", 0)))
        .hasMessageContaining("limit 0");
    assertThatThrownBy(() -> RendezvousWire.decodeRequest(RendezvousWire.unregister("a\nb")))
        .hasMessageContaining("control characters");
  }
}
