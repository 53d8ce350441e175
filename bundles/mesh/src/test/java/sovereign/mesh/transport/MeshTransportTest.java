package sovereign.mesh.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import sovereign.api.identity.NodeId;
import sovereign.api.identity.NodeIdentity;
import sovereign.mesh.SwarmKey;

/** Whole mesh connections over real TCP on 127.0.0.1. */
class MeshTransportTest {

  static final InetSocketAddress ANY_LOOPBACK = new InetSocketAddress("127.0.0.1", 0);

  private final SwarmKey key = SwarmKey.generate();
  private final List<MeshTransport> transports = new ArrayList<>();

  @AfterEach
  void closeAll() {
    transports.parallelStream().forEach(MeshTransport::close);
  }

  private MeshTransport transport(
      NodeIdentity identity,
      SwarmKey swarmKey,
      PeerAdmission admission,
      Recorder recorder,
      MeshSettings settings) {
    MeshTransport transport = new MeshTransport(identity, swarmKey, admission, recorder, settings);
    transports.add(transport);
    return transport;
  }

  private MeshTransport transport(NodeIdentity identity, Recorder recorder) {
    return transport(identity, key, PeerAdmission.everyone(), recorder, MeshSettings.defaults());
  }

  private static PeerConnection await(CompletableFuture<PeerConnection> dial) throws Exception {
    return dial.get(20, TimeUnit.SECONDS);
  }

  private static ConnectFailedException failure(CompletableFuture<PeerConnection> dial) {
    try {
      PeerConnection unexpected = dial.get(20, TimeUnit.SECONDS);
      throw new AssertionError("the dial should have failed but reached " + unexpected);
    } catch (ExecutionException e) {
      assertThat(e.getCause()).isInstanceOf(ConnectFailedException.class);
      return (ConnectFailedException) e.getCause();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static byte[] text(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void twoNodesWithTheSameKeyLearnEachOthersIdAndExchangeFramesBothWays() throws Exception {
    TestIdentity alice = TestIdentity.random();
    TestIdentity bob = TestIdentity.random();
    Recorder aliceEvents = new Recorder();
    Recorder bobEvents = new Recorder();
    InetSocketAddress bobAddress = transport(bob, bobEvents).listen(ANY_LOOPBACK);

    PeerConnection toBob =
        await(transport(alice, aliceEvents).dial(bobAddress, Optional.of(bob.nodeId())));
    assertThat(toBob.peer()).isEqualTo(bob.nodeId());
    assertThat(toBob.outbound()).isTrue();
    assertThat(toBob.remoteAddress()).isEqualTo(bobAddress);
    assertThat(toBob.handshakeRtt()).isPositive();
    assertThat(toBob.tcpConnectRtt()).isPresent();
    assertThat(Recorder.next(aliceEvents.opened)).isSameAs(toBob);

    PeerConnection toAlice = Recorder.next(bobEvents.opened);
    assertThat(toAlice.peer()).isEqualTo(alice.nodeId());
    assertThat(toAlice.outbound()).isFalse();

    toBob.send(text("hello bob")).get(20, TimeUnit.SECONDS);
    Recorder.Frame atBob = Recorder.next(bobEvents.frames);
    assertThat(atBob.connection()).isSameAs(toAlice);
    assertThat(new String(atBob.bytes(), StandardCharsets.UTF_8)).isEqualTo("hello bob");

    byte[] big = new byte[MeshSettings.DEFAULT_MAX_FRAME_BYTES];
    new Random(3).nextBytes(big);
    toAlice.send(new byte[0]);
    toAlice.send(big);
    toAlice.send(text("and back"));
    assertThat(Recorder.next(aliceEvents.frames).bytes()).isEmpty();
    assertThat(Recorder.next(aliceEvents.frames).bytes()).isEqualTo(big);
    assertThat(Recorder.next(aliceEvents.frames).bytes()).isEqualTo(text("and back"));

    toBob.close().get(20, TimeUnit.SECONDS);
    assertThat(Recorder.next(bobEvents.closed)).isSameAs(toAlice);
    assertThat(Recorder.next(aliceEvents.closed)).isSameAs(toBob);
    assertThat(toAlice.isOpen()).isFalse();
    assertThat(bobEvents.misbehaviours).isEmpty();
    assertThat(aliceEvents.misbehaviours).isEmpty();
  }

  @Test
  void aFrameOverTheLimitIsRefusedBySend() throws Exception {
    TestIdentity bob = TestIdentity.random();
    InetSocketAddress bobAddress = transport(bob, new Recorder()).listen(ANY_LOOPBACK);
    PeerConnection toBob =
        await(transport(TestIdentity.random(), new Recorder()).dial(bobAddress, Optional.empty()));
    assertThatThrownBy(() -> toBob.send(new byte[MeshSettings.DEFAULT_MAX_FRAME_BYTES + 1]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a frame has at most 1048576 bytes, this one has 1048577");
  }

  @Test
  void dialingAnotherNodeThanExpectedIsRefusedBeforeWeShowOurs() throws Exception {
    TestIdentity bob = TestIdentity.random();
    NodeId expected = TestIdentity.random().nodeId();
    Recorder bobEvents = new Recorder();
    InetSocketAddress bobAddress = transport(bob, bobEvents).listen(ANY_LOOPBACK);
    Recorder aliceEvents = new Recorder();
    ConnectFailedException failed =
        failure(
            transport(TestIdentity.random(), aliceEvents).dial(bobAddress, Optional.of(expected)));
    assertThat(failed.stage()).isEqualTo(Stage.IDENTITY);
    assertThat(failed.getMessage())
        .contains("dialled " + expected + " but the peer proved to be " + bob.nodeId());
    assertThat(aliceEvents.opened).isEmpty();
    assertThat(bobEvents.opened.poll(300, TimeUnit.MILLISECONDS)).isNull();
  }

  @Test
  void anImpostorWhoseBindingIsSignedWithAnotherKeyIsRefused() throws Exception {
    TestIdentity bob = TestIdentity.random();
    TestIdentity impostor = TestIdentity.lying(bob.nodeId());
    InetSocketAddress fakeBob = transport(impostor, new Recorder()).listen(ANY_LOOPBACK);
    ConnectFailedException failed =
        failure(
            transport(TestIdentity.random(), new Recorder())
                .dial(fakeBob, Optional.of(bob.nodeId())));
    assertThat(failed.stage()).isEqualTo(Stage.IDENTITY);
    assertThat(failed.getMessage()).contains("not bound to that node");

    // And as a dialler: the listener refuses the impostor, which never sees an opened connection.
    Recorder listenerEvents = new Recorder();
    InetSocketAddress honest =
        transport(TestIdentity.random(), listenerEvents).listen(ANY_LOOPBACK);
    CompletableFuture<PeerConnection> dial =
        transport(impostor, new Recorder()).dial(honest, Optional.empty());
    awaitClosedOrFailed(dial);
    assertThat(listenerEvents.opened).isEmpty();
  }

  @Test
  void anExpiredCertificateIsRefused() throws Exception {
    TestIdentity bob = TestIdentity.random();
    // Bob's clock is two days behind, so the certificate he makes has expired by our clock.
    Clock behind = Clock.offset(Clock.systemUTC(), Duration.ofDays(-2));
    InetSocketAddress bobAddress =
        transport(
                bob,
                key,
                PeerAdmission.everyone(),
                new Recorder(),
                MeshSettings.defaults().withClock(behind))
            .listen(ANY_LOOPBACK);
    ConnectFailedException failed =
        failure(
            transport(TestIdentity.random(), new Recorder()).dial(bobAddress, Optional.empty()));
    assertThat(failed.stage()).isEqualTo(Stage.IDENTITY);
    assertThat(failed.getMessage()).contains("the peer certificate expired at");
  }

  @Test
  void aDiallerRefusedByAdmissionNeverSeesTheConnectionOpen() throws Exception {
    TestIdentity banned = TestIdentity.random();
    InetSocketAddress bobAddress = transport(banned, new Recorder()).listen(ANY_LOOPBACK);
    PeerAdmission refuseBanned =
        new PeerAdmission() {
          @Override
          public boolean admit(NodeId peer) {
            return !peer.equals(banned.nodeId());
          }

          @Override
          public String reason(NodeId peer) {
            return "banned";
          }
        };
    Recorder aliceEvents = new Recorder();
    ConnectFailedException failed =
        failure(
            transport(
                    TestIdentity.random(), key, refuseBanned, aliceEvents, MeshSettings.defaults())
                .dial(bobAddress, Optional.empty()));
    assertThat(failed.stage()).isEqualTo(Stage.ADMISSION);
    assertThat(failed.getMessage())
        .contains("peer " + banned.nodeId() + " is not admitted: banned");
    assertThat(aliceEvents.opened).isEmpty();
  }

  @Test
  void aListenerRefusingByAdmissionClosesTheConnection() throws Exception {
    TestIdentity stranger = TestIdentity.random();
    Recorder bobEvents = new Recorder();
    InetSocketAddress bobAddress =
        transport(TestIdentity.random(), key, peer -> false, bobEvents, MeshSettings.defaults())
            .listen(ANY_LOOPBACK);
    CompletableFuture<PeerConnection> dial =
        transport(stranger, new Recorder()).dial(bobAddress, Optional.empty());
    String reason = awaitClosedOrFailed(dial);
    assertThat(reason).containsIgnoringCase("certificate");
    assertThat(bobEvents.opened).isEmpty();
  }

  @Test
  void aListenerThatThrowsClosesThatConnectionButTheDialStillCompletes() throws Exception {
    InetSocketAddress bobAddress =
        transport(TestIdentity.random(), new Recorder()).listen(ANY_LOOPBACK);
    Recorder throwing =
        new Recorder() {
          @Override
          public void opened(PeerConnection connection) {
            super.opened(connection);
            throw new IllegalStateException("a bug in the layer above");
          }
        };
    PeerConnection connection =
        await(
            transport(
                    TestIdentity.random(),
                    key,
                    PeerAdmission.everyone(),
                    throwing,
                    MeshSettings.defaults())
                .dial(bobAddress, Optional.empty()));
    connection.closedFuture().get(20, TimeUnit.SECONDS);
    assertThat(connection.closeReason()).contains("a bug in the layer above");
    assertThat(Recorder.next(throwing.closed)).isSameAs(connection);
  }

  /**
   * Waits until a dial has failed, or opened and then been closed by the peer (TLS 1.3 lets the
   * dialler finish before the listener checks it); returns what it says about why.
   */
  static String awaitClosedOrFailed(CompletableFuture<PeerConnection> dial) throws Exception {
    try {
      PeerConnection opened = dial.get(20, TimeUnit.SECONDS);
      opened.closedFuture().get(20, TimeUnit.SECONDS);
      return opened.closeReason().orElse("");
    } catch (ExecutionException e) {
      return e.getCause().getMessage();
    }
  }
}
