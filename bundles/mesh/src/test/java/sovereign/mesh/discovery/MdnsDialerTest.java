package sovereign.mesh.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import sovereign.api.identity.NodeId;
import sovereign.mesh.transport.TestIdentity;
import sovereign.testing.RecordingLogger;

/** The dialling rules of mDNS discovery, fed instances directly, on a clock the test moves. */
class MdnsDialerTest {

  private final FakeMesh fake = new FakeMesh();
  private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
  private final List<String> log = new CopyOnWriteArrayList<>();
  private final MdnsDialer dialer =
      new MdnsDialer(fake.mesh, RecordingLogger.into(log), nanos::get, 1000, 8000);

  // 198.51.100.0/24 is TEST-NET-2, never an address of this machine.
  private static final InetSocketAddress OTHER = new InetSocketAddress("198.51.100.77", 4001);

  private void advance(long millis) {
    nanos.addAndGet(TimeUnit.MILLISECONDS.toNanos(millis));
  }

  private FakeMesh.Dial nextDial() {
    FakeMesh.Dial d = fake.dials.poll();
    assertThat(d).as("a dial").isNotNull();
    return d;
  }

  @Test
  void dialsAFoundInstanceOnceThenLeavesAConnectedNodeAlone() {
    dialer.seen("abc", List.of(OTHER));
    dialer.tick();
    dialer.tick(); // in flight: not dialled twice
    FakeMesh.Dial d = nextDial();
    assertThat(d.address()).isEqualTo(OTHER);
    assertThat(fake.dials).isEmpty();
    NodeId other = TestIdentity.random().nodeId();
    d.result().complete(FakeMesh.peer(other, OTHER));
    fake.peers.add(FakeMesh.peer(other, new InetSocketAddress("198.51.100.77", 50_123)));
    advance(60_000);
    dialer.tick();
    assertThat(fake.dials).as("connected: no dial").isEmpty();
    assertThat(dialer.found())
        .singleElement()
        .satisfies(f -> assertThat(f.state()).isEqualTo("connected"));
    // Disconnected: dialled again.
    fake.peers.clear();
    dialer.tick();
    assertThat(nextDial().address()).isEqualTo(OTHER);
  }

  @Test
  void neverDialsItsOwnInstanceNorItsOwnListener() {
    dialer.ownInstance("Mine");
    dialer.seen("mine", List.of(OTHER)); // own name, compared without case
    dialer.seen("loop", List.of(new InetSocketAddress("127.0.0.1", 4001))); // our port, local
    dialer.tick();
    assertThat(fake.dials).isEmpty();
    assertThat(dialer.found()).extracting(MdnsDialer.Found::instance).containsExactly("loop");
  }

  @Test
  void anAddressThatTurnsOutToBeThisNodeIsNeverDialledAgain() {
    InetSocketAddress alias = new InetSocketAddress("198.51.100.8", 4001);
    dialer.seen("alias", List.of(alias));
    dialer.tick();
    nextDial().result().complete(FakeMesh.peer(fake.self, alias));
    advance(3_600_000);
    dialer.tick();
    assertThat(fake.dials).isEmpty();
    assertThat(dialer.found())
        .singleElement()
        .satisfies(f -> assertThat(f.state()).isEqualTo("this node"));
  }

  @Test
  void failedDialsBackOffDoublingUpToTheMaximum() {
    dialer.seen("abc", List.of(OTHER));
    List<Long> waits = new ArrayList<>();
    dialer.tick();
    FakeMesh.Dial d = nextDial();
    for (int i = 0; i < 6; i++) {
      d.result().completeExceptionally(new IllegalStateException("TCP: connection refused"));
      long waited = 0;
      while (fake.dials.isEmpty()) {
        advance(100);
        waited += 100;
        dialer.tick();
        assertThat(waited).as("redialled within the longest backoff").isLessThanOrEqualTo(8000);
      }
      waits.add(waited);
      d = nextDial();
    }
    assertThat(waits).containsExactly(1000L, 2000L, 4000L, 8000L, 8000L, 8000L);
    assertThat(dialer.failures()).isEqualTo(6);
  }

  @Test
  void aRefusalAtAdmissionWaitsAnHour() {
    dialer.seen("abc", List.of(OTHER));
    dialer.tick();
    nextDial()
        .result()
        .completeExceptionally(new IllegalStateException("ADMISSION: the peer refused us"));
    advance(3_600_000 - 1000);
    dialer.tick();
    assertThat(fake.dials).isEmpty();
    advance(2000);
    dialer.tick();
    assertThat(nextDial().address()).isEqualTo(OTHER);
  }

  @Test
  void aBannedNodeIsNotDialledAgain() {
    dialer.seen("abc", List.of(OTHER));
    dialer.tick();
    NodeId other = TestIdentity.random().nodeId();
    nextDial().result().complete(FakeMesh.peer(other, OTHER));
    fake.banned.add(other); // banned since; and not connected
    advance(3_600_000);
    dialer.tick();
    assertThat(fake.dials).isEmpty();
  }

  @Test
  void atMostFourDialsAtOnceAndABoundedNumberOfInstances() {
    for (int i = 0; i < MdnsDialer.MAX_INSTANCES + 10; i++) {
      dialer.seen("n" + i, List.of(new InetSocketAddress("198.51.100." + (i % 250 + 1), 5000 + i)));
    }
    assertThat(dialer.found()).hasSize(MdnsDialer.MAX_INSTANCES);
    dialer.tick();
    assertThat(fake.dials).hasSize(MdnsDialer.MAX_INFLIGHT);
    dialer.gone("n0");
    assertThat(dialer.found()).hasSize(MdnsDialer.MAX_INSTANCES - 1);
  }

  @Test
  void nothingIsDialledWhileTheMeshDoesNotRun() {
    fake.listening = java.util.Optional.empty();
    dialer.seen("abc", List.of(OTHER));
    dialer.tick();
    assertThat(fake.dials).isEmpty();
  }
}
