package sovereign.mesh.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import sovereign.mesh.SwarmKey;
import sovereign.mesh.SwarmKeyGate;

/**
 * A peer that breaks the protocol loses its own connection and is reported; the listener's other
 * connections carry on.
 */
class MisbehaviourTest {

  private final SwarmKey key = SwarmKey.generate();
  private final List<MeshTransport> transports = new ArrayList<>();
  private final TestIdentity alice = TestIdentity.random();
  private final TestIdentity carol = TestIdentity.random();
  private final Recorder bobEvents = new Recorder();
  private final Recorder carolEvents = new Recorder();
  private InetSocketAddress bobAddress;
  private PeerConnection aliceToBob;
  private PeerConnection carolToBob;
  private PeerConnection bobToAlice;
  private PeerConnection bobToCarol;

  private MeshTransport transport(TestIdentity identity, Recorder recorder, MeshSettings settings) {
    MeshTransport transport =
        new MeshTransport(identity, key, PeerAdmission.everyone(), recorder, settings);
    transports.add(transport);
    return transport;
  }

  @BeforeEach
  void connect() throws Exception {
    MeshSettings small = MeshSettings.defaults().withMaxFrameBytes(1000);
    bobAddress =
        transport(TestIdentity.random(), bobEvents, small).listen(MeshTransportTest.ANY_LOOPBACK);
    aliceToBob =
        transport(alice, new Recorder(), small)
            .dial(bobAddress, Optional.empty())
            .get(20, TimeUnit.SECONDS);
    bobToAlice = Recorder.next(bobEvents.opened);
    carolToBob =
        transport(carol, carolEvents, small)
            .dial(bobAddress, Optional.empty())
            .get(20, TimeUnit.SECONDS);
    bobToCarol = Recorder.next(bobEvents.opened);
    assertThat(bobToAlice.peer()).isEqualTo(alice.nodeId());
    assertThat(bobToCarol.peer()).isEqualTo(carol.nodeId());
  }

  @AfterEach
  void closeAll() {
    transports.parallelStream().forEach(MeshTransport::close);
  }

  private static byte[] header(long length) {
    return ByteBuffer.allocate(4).putInt((int) length).array();
  }

  /** Bob's connection to Alice is gone; to Carol it still carries frames both ways. */
  private void onlyAlicesConnectionIsClosed() throws Exception {
    assertThat(Recorder.next(bobEvents.closed)).isSameAs(bobToAlice);
    aliceToBob.closedFuture().get(20, TimeUnit.SECONDS);
    assertThat(bobToCarol.isOpen()).isTrue();
    carolToBob.send("still here".getBytes(StandardCharsets.UTF_8)).get(20, TimeUnit.SECONDS);
    Recorder.Frame frame = Recorder.next(bobEvents.frames);
    assertThat(frame.connection()).isSameAs(bobToCarol);
    assertThat(new String(frame.bytes(), StandardCharsets.UTF_8)).isEqualTo("still here");
    bobToCarol.send(new byte[] {1, 2, 3});
    assertThat(Recorder.next(carolEvents.frames).bytes()).containsExactly(1, 2, 3);
  }

  @ParameterizedTest
  @ValueSource(longs = {1001, 0x7fffffffL, 0x80000000L, 0xffffffffL})
  void anOversizedOrNegativeFrameLengthClosesOnlyThatConnection(long length) throws Exception {
    aliceToBob.sendUnframed(header(length));
    Misbehaviour report = Recorder.next(bobEvents.misbehaviours);
    assertThat(report.kind()).isEqualTo(Misbehaviour.Kind.OVERSIZED_FRAME);
    assertThat(report.peer()).contains(alice.nodeId());
    assertThat(report.remote()).isEqualTo(bobToAlice.remoteAddress());
    assertThat(report.detail())
        .isEqualTo("a frame header announced " + length + " bytes; the limit is 1000");
    onlyAlicesConnectionIsClosed();
    assertThat(bobEvents.order).containsSubsequence("misbehaved:OVERSIZED_FRAME", "closed");
    assertThat(bobEvents.frames).isEmpty();
  }

  @Test
  void aFrameCutShortByTheEndOfTheConnectionIsReported() throws Exception {
    byte[] partial = ByteBuffer.allocate(14).putInt(100).put(new byte[10]).array();
    aliceToBob.sendUnframed(partial).get(20, TimeUnit.SECONDS);
    aliceToBob.close();
    Misbehaviour report = Recorder.next(bobEvents.misbehaviours);
    assertThat(report.kind()).isEqualTo(Misbehaviour.Kind.TRUNCATED_FRAME);
    assertThat(report.peer()).contains(alice.nodeId());
    assertThat(report.detail())
        .isEqualTo("the connection ended 10 bytes into a frame of 100 bytes");
    onlyAlicesConnectionIsClosed();
    assertThat(bobEvents.order).containsSubsequence("misbehaved:TRUNCATED_FRAME", "closed");
  }

  @Test
  void garbageInsteadOfTlsRecordsClosesOnlyThatConnection() throws Exception {
    // Below TLS but inside the gate: right key, so Bob's TLS layer sees the garbage itself.
    aliceToBob
        .channel()
        .pipeline()
        .context(MeshPipeline.TLS)
        .writeAndFlush(
            Unpooled.wrappedBuffer("this is not a TLS record".getBytes(StandardCharsets.US_ASCII)));
    Misbehaviour report = Recorder.next(bobEvents.misbehaviours);
    assertThat(report.kind()).isEqualTo(Misbehaviour.Kind.CORRUPT_RECORD);
    assertThat(report.peer()).contains(alice.nodeId());
    assertThat(report.detail()).startsWith("bad TLS record: ");
    onlyAlicesConnectionIsClosed();
  }

  @Test
  void aSilentPeerIsDroppedAfterTheHandshakeTimeout() throws Exception {
    Recorder events = new Recorder();
    MeshSettings quick = MeshSettings.defaults().withHandshakeTimeout(Duration.ofMillis(300));
    InetSocketAddress address =
        transport(TestIdentity.random(), events, quick).listen(MeshTransportTest.ANY_LOOPBACK);
    try (Socket silent = new Socket(address.getAddress(), address.getPort())) {
      silent.setSoTimeout(20_000);
      InputStream in = silent.getInputStream();
      byte[] nonce = in.readNBytes(SwarmKeyGate.NONCE_BYTES);
      assertThat(nonce).hasSize(SwarmKeyGate.NONCE_BYTES);
      assertThat(in.read()).as("the listener hangs up").isEqualTo(-1);
    }
    Misbehaviour report = Recorder.next(events.misbehaviours);
    assertThat(report.kind()).isEqualTo(Misbehaviour.Kind.HANDSHAKE_TIMEOUT);
    assertThat(report.peer()).isEmpty();
    assertThat(report.detail()).isEqualTo("no swarm-key nonce from the peer within PT0.3S");
    assertThat(events.opened).isEmpty();
  }

  @Test
  void dialingASilentPeerFailsAfterTheHandshakeTimeout() throws Exception {
    MeshSettings quick = MeshSettings.defaults().withHandshakeTimeout(Duration.ofMillis(300));
    MeshTransport dialler = transport(TestIdentity.random(), new Recorder(), quick);
    try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      var dial = dialler.dial((InetSocketAddress) silent.getLocalSocketAddress(), Optional.empty());
      try (Socket accepted = silent.accept()) {
        ExecutionException e =
            org.junit.jupiter.api.Assertions.assertThrows(
                ExecutionException.class, () -> dial.get(20, TimeUnit.SECONDS));
        ConnectFailedException failed = (ConnectFailedException) e.getCause();
        assertThat(failed.stage()).isEqualTo(Stage.SWARM_KEY);
        assertThat(failed.getMessage()).contains("no swarm-key nonce from the peer within PT0.3S");
        // A peer that sends a nonce, then nothing, times out in TLS instead.
      }
      var second =
          dialler.dial((InetSocketAddress) silent.getLocalSocketAddress(), Optional.empty());
      try (Socket accepted = silent.accept()) {
        accepted.getOutputStream().write(new byte[SwarmKeyGate.NONCE_BYTES]);
        ExecutionException e =
            org.junit.jupiter.api.Assertions.assertThrows(
                ExecutionException.class, () -> second.get(20, TimeUnit.SECONDS));
        ConnectFailedException failed = (ConnectFailedException) e.getCause();
        assertThat(failed.stage()).isEqualTo(Stage.TLS);
        assertThat(failed.getMessage()).contains("TLS handshake not finished within PT0.3S");
      }
    }
  }
}
