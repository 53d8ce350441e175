package sovereign.mesh.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import sovereign.mesh.SwarmKey;

/** {@link MeshTransport#close()} ends its threads and connections; settings are checked. */
class TransportLifecycleTest {

  private static Set<Thread> liveThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(Thread::isAlive)
        .collect(Collectors.toSet());
  }

  private static Set<String> meshThreads() {
    return liveThreads().stream()
        .map(Thread::getName)
        .filter(name -> name.startsWith(MeshTransport.THREAD_PREFIX))
        .collect(Collectors.toSet());
  }

  private static Set<Thread> nonDaemon() {
    return liveThreads().stream().filter(t -> !t.isDaemon()).collect(Collectors.toSet());
  }

  @Test
  void closeEndsEveryThreadAndConnection() throws Exception {
    Set<String> meshBefore = meshThreads();
    Set<Thread> nonDaemonBefore = nonDaemon();
    SwarmKey key = SwarmKey.generate();
    Recorder bobEvents = new Recorder();
    MeshTransport bob =
        new MeshTransport(
            TestIdentity.random(),
            key,
            PeerAdmission.everyone(),
            bobEvents,
            MeshSettings.defaults());
    TestIdentity aliceIdentity = TestIdentity.random();
    MeshTransport alice =
        new MeshTransport(
            aliceIdentity, key, PeerAdmission.everyone(), new Recorder(), MeshSettings.defaults());
    InetSocketAddress address = bob.listen(MeshTransportTest.ANY_LOOPBACK);
    PeerConnection connection = alice.dial(address, Optional.empty()).get(20, TimeUnit.SECONDS);
    connection.send(new byte[] {42}).get(20, TimeUnit.SECONDS);
    assertThat(Recorder.next(bobEvents.frames).bytes()).containsExactly(42);
    assertThat(meshThreads()).hasSizeGreaterThan(meshBefore.size());

    bob.close();
    connection.closedFuture().get(20, TimeUnit.SECONDS);
    assertThat(Recorder.next(bobEvents.closed).peer()).isEqualTo(aliceIdentity.nodeId());
    alice.close();
    alice.close(); // idempotent

    assertThat(meshThreads()).isEqualTo(meshBefore);
    Set<Thread> leaked = nonDaemon();
    leaked.removeAll(nonDaemonBefore);
    assertThat(leaked).as("non-daemon threads left behind").isEmpty();
    assertThatThrownBy(() -> alice.dial(address, Optional.empty()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("the mesh transport is closed");
  }

  @Test
  void listeningOnAnAddressInUseSaysWhich() {
    SwarmKey key = SwarmKey.generate();
    try (MeshTransport one =
            new MeshTransport(
                TestIdentity.random(),
                key,
                PeerAdmission.everyone(),
                new Recorder(),
                MeshSettings.defaults());
        MeshTransport two =
            new MeshTransport(
                TestIdentity.random(),
                key,
                PeerAdmission.everyone(),
                new Recorder(),
                MeshSettings.defaults())) {
      InetSocketAddress taken = one.listen(MeshTransportTest.ANY_LOOPBACK);
      assertThatThrownBy(() -> two.listen(taken))
          .isInstanceOf(java.io.UncheckedIOException.class)
          .hasMessageContaining("cannot listen on " + taken);
    }
  }

  @Test
  void settingsAreChecked() {
    MeshSettings defaults = MeshSettings.defaults();
    assertThat(defaults.maxFrameBytes()).isEqualTo(1 << 20);
    assertThat(defaults.handshakeTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThatThrownBy(() -> defaults.withMaxFrameBytes(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxFrameBytes must be 1 to 2147483631, was 0");
    assertThatThrownBy(() -> defaults.withHandshakeTimeout(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("handshakeTimeout must be positive, was PT0S");
    assertThatThrownBy(() -> defaults.withIoThreads(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("ioThreads must be at least 1, was 0");
  }
}
