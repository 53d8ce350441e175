package sovereign.mesh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static sovereign.mesh.TestNode.await;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sovereign.api.mesh.MeshRequestException;
import sovereign.api.mesh.MeshRequestException.Reason;
import sovereign.mesh.request.RequestCodec;
import sovereign.mesh.request.Responder;

/**
 * {@code Mesh.request} and {@code Mesh.serve} between two real {@link MeshService}s on loopback.
 */
class RequestResponseTest {

  private static final Duration LONG = Duration.ofSeconds(20);

  @TempDir Path dir;
  private final List<TestNode> nodes = new ArrayList<>();
  private final CountDownLatch release = new CountDownLatch(1);
  private TestNode a;
  private TestNode b;

  @BeforeEach
  void twoConnectedNodes() throws Exception {
    SwarmKey key = SwarmKey.generate();
    b = node("b", key);
    a = node("a", key);
    connect(a, b);
  }

  @AfterEach
  void stopAll() {
    release.countDown();
    nodes.forEach(TestNode::stop);
  }

  private TestNode node(String name, SwarmKey key) {
    TestNode n = new TestNode(dir, name, key).start();
    nodes.add(n);
    return n;
  }

  private static void connect(TestNode from, TestNode to) throws Exception {
    from.service.connect(new InetSocketAddress("127.0.0.1", to.port())).get(20, TimeUnit.SECONDS);
    await(
        () -> to.service.runtime().map(r -> r.connection(from.id()).isPresent()).orElse(false),
        to.id() + " sees " + from.id());
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private byte[] ask(String protocol, String body) throws Exception {
    return a.service.request(b.id(), protocol, utf8(body), LONG).get(30, TimeUnit.SECONDS);
  }

  /** The reason a request fails with, and its message. */
  private static MeshRequestException failure(CompletableFuture<byte[]> future) {
    try {
      future.get(30, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      assertThat(e.getCause()).isInstanceOf(MeshRequestException.class);
      return (MeshRequestException) e.getCause();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
    throw new AssertionError("the request succeeded");
  }

  @Test
  void aServedProtocolAnswersWithTheHandlersBytesOnAHandlerThread() throws Exception {
    AtomicReference<String> thread = new AtomicReference<>();
    b.service.serve(
        "/test/echo/1",
        (from, body) -> {
          thread.set(Thread.currentThread().getName());
          return utf8(from + " said " + new String(body, StandardCharsets.UTF_8));
        });

    assertThat(new String(ask("/test/echo/1", "hello"), StandardCharsets.UTF_8))
        .isEqualTo(a.id() + " said hello");
    assertThat(thread.get()).startsWith(Responder.THREAD);
    assertThat(a.runtime().requests().pending()).isZero();
  }

  @Test
  void aProtocolNobodyServesFailsWithNoHandler() {
    MeshRequestException e = failure(a.service.request(b.id(), "/test/none/1", new byte[0], LONG));
    assertThat(e.reason()).isEqualTo(Reason.NO_HANDLER);
    assertThat(e).hasMessageContaining("/test/none/1");
  }

  @Test
  void aHandlerThatThrowsFailsTheRequestWithItsMessage() {
    b.service.serve(
        "/test/fail/1",
        (from, body) -> {
          throw new IllegalStateException("  disk full  ");
        });
    MeshRequestException e = failure(a.service.request(b.id(), "/test/fail/1", new byte[0], LONG));
    assertThat(e.reason()).isEqualTo(Reason.HANDLER_FAILED);
    assertThat(e.getMessage()).isEqualTo(b.id() + ": disk full");
  }

  @Test
  void aHandlerThatDoesNotAnswerInTimeFailsWithTimeout() {
    b.service.serve("/test/slow/1", (from, body) -> blockUntilReleased());
    MeshRequestException e =
        failure(a.service.request(b.id(), "/test/slow/1", new byte[0], Duration.ofMillis(200)));
    assertThat(e.reason()).isEqualTo(Reason.TIMEOUT);
    assertThat(a.runtime().requests().pending()).isZero();
  }

  @Test
  void aConnectionClosedMidRequestFailsItWithClosed() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    b.service.serve(
        "/test/slow/1",
        (from, body) -> {
          started.countDown();
          return blockUntilReleased();
        });
    CompletableFuture<byte[]> future = a.service.request(b.id(), "/test/slow/1", new byte[0], LONG);
    assertThat(started.await(20, TimeUnit.SECONDS)).isTrue();
    b.service.disconnect(a.id());

    assertThat(failure(future).reason()).isEqualTo(Reason.CLOSED);
  }

  @Test
  void aResponseOverTheLimitFailsWithTooLarge() {
    b.service.serve(
        "/test/big/1", (from, body) -> new byte[RequestCodec.DEFAULT_MAX_BODY_BYTES + 1]);
    MeshRequestException e = failure(a.service.request(b.id(), "/test/big/1", new byte[0], LONG));
    assertThat(e.reason()).isEqualTo(Reason.TOO_LARGE);
  }

  @Test
  void aResponseOfExactlyTheLimitArrives() throws Exception {
    b.service.serve("/test/big/1", (from, body) -> new byte[RequestCodec.DEFAULT_MAX_BODY_BYTES]);
    assertThat(ask("/test/big/1", "")).hasSize(RequestCodec.DEFAULT_MAX_BODY_BYTES);
  }

  @Test
  void badArgumentsAreRefusedAtOnce() {
    byte[] big = new byte[RequestCodec.DEFAULT_MAX_BODY_BYTES + 1];
    assertThatThrownBy(() -> a.service.request(b.id(), "/x", big, LONG))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at most " + RequestCodec.DEFAULT_MAX_BODY_BYTES);
    assertThatThrownBy(() -> a.service.request(b.id(), "", new byte[0], LONG))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> a.service.request(b.id(), "/x", new byte[0], Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> a.service.serve("x".repeat(257), (f, r) -> r))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("256");
  }

  @Test
  void aNodeNotConnectedFailsWithNotConnected() {
    TestNode stranger = new TestNode(dir, "stranger", null);
    MeshRequestException e =
        failure(a.service.request(stranger.id(), "/test/echo/1", new byte[0], LONG));
    assertThat(e.reason()).isEqualTo(Reason.NOT_CONNECTED);
  }

  @Test
  void aNodeRunningAloneRefusesToRequest() {
    TestNode alone = node("alone", null);
    assertThatThrownBy(() -> alone.service.request(b.id(), "/x", new byte[0], LONG))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("runs alone");
  }

  @Test
  void aHandlerSurvivesAMeshRestart() throws Exception {
    b.service.serve("/test/echo/1", (from, body) -> body);
    b.service.restart();
    connect(a, b);
    assertThat(new String(ask("/test/echo/1", "again"), StandardCharsets.UTF_8)).isEqualTo("again");
  }

  @Test
  void aClosedRegistrationStopsServing() throws Exception {
    AutoCloseable served = b.service.serve("/test/echo/1", (from, body) -> body);
    assertThat(ask("/test/echo/1", "x")).isEqualTo(utf8("x"));
    served.close();
    assertThat(failure(a.service.request(b.id(), "/test/echo/1", new byte[0], LONG)).reason())
        .isEqualTo(Reason.NO_HANDLER);
  }

  @Test
  void aPeerWithTooManyRequestsQueuedIsToldBusyWithoutBlocking() throws Exception {
    CountDownLatch started = new CountDownLatch(Responder.THREADS);
    b.service.serve(
        "/test/slow/1",
        (from, body) -> {
          started.countDown();
          return blockUntilReleased();
        });
    List<CompletableFuture<byte[]>> held = new ArrayList<>();
    for (int i = 0; i < Responder.MAX_PER_PEER; i++) {
      held.add(a.service.request(b.id(), "/test/slow/1", new byte[0], LONG));
    }
    assertThat(started.await(20, TimeUnit.SECONDS)).isTrue();
    // Requests are taken in order on one connection, so the 17th arrives after the other 16.
    MeshRequestException e = failure(a.service.request(b.id(), "/test/slow/1", new byte[0], LONG));
    assertThat(e.reason()).isEqualTo(Reason.HANDLER_FAILED);
    assertThat(e).hasMessageContaining("busy");

    release.countDown();
    for (CompletableFuture<byte[]> f : held) {
      assertThat(f.get(30, TimeUnit.SECONDS)).isEqualTo(utf8("released"));
    }
  }

  @Test
  void aMalformedRequestFrameClosesTheConnectionAsAMisbehaviour() throws Exception {
    // Kind 2 (request/response), status 9: no such status.
    a.runtime().connection(b.id()).orElseThrow().send(new byte[] {2, 9, 0, 0, 0, 0, 0, 0, 0, 1});
    await(() -> a.peers() == 0 && b.peers() == 0, "b closed the connection");
    assertThat(b.log)
        .anyMatch(
            line ->
                line.contains("misbehaved")
                    && line.contains("malformed request/response frame: unknown status 9"));
  }

  private byte[] blockUntilReleased() throws InterruptedException {
    release.await();
    return utf8("released");
  }
}
