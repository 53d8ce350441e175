package sovereign.mesh.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.util.ReferenceCountUtil;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import sovereign.api.identity.NodeId;
import sovereign.mesh.SwarmKey;
import sovereign.mesh.SwarmKeyGate;

/** {@link Diagnosis} names the stage that failed, over real TCP. */
class DiagnosisTest {

  private final SwarmKey key = SwarmKey.generate();
  private final List<MeshTransport> transports = new ArrayList<>();
  private final TestIdentity bob = TestIdentity.random();
  private MeshTransport me;

  private MeshTransport transport(
      TestIdentity identity, SwarmKey swarmKey, PeerAdmission admission) {
    MeshTransport transport =
        new MeshTransport(identity, swarmKey, admission, new Recorder(), MeshSettings.defaults());
    transports.add(transport);
    return transport;
  }

  private MeshTransport me() {
    if (me == null) {
      me = transport(TestIdentity.random(), key, PeerAdmission.everyone());
    }
    return me;
  }

  private InetSocketAddress bobListening(SwarmKey swarmKey, PeerAdmission admission) {
    return transport(bob, swarmKey, admission).listen(MeshTransportTest.ANY_LOOPBACK);
  }

  @AfterEach
  void closeAll() {
    transports.parallelStream().forEach(MeshTransport::close);
  }

  @Test
  void aReachableNodeIsConnectedWithItsIdAndRtt() {
    Diagnosis.Report report =
        Diagnosis.run(me(), bobListening(key, PeerAdmission.everyone()), Optional.of(bob.nodeId()));
    assertThat(report.stage()).isEqualTo(Stage.CONNECTED);
    assertThat(report.connected()).isTrue();
    assertThat(report.peer()).contains(bob.nodeId());
    assertThat(report.rtt()).isPresent();
    assertThat(report.elapsed()).isGreaterThanOrEqualTo(report.rtt().get());
    assertThat(report.message()).startsWith("connected to " + bob.nodeId());
  }

  @Test
  void nothingListeningIsTcp() throws Exception {
    InetSocketAddress closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = (InetSocketAddress) socket.getLocalSocketAddress();
    }
    Diagnosis.Report report = Diagnosis.run(me(), closedPort, Optional.empty());
    assertThat(report.stage()).isEqualTo(Stage.TCP);
    assertThat(report.message()).contains("Connection refused");
    assertThat(report.rtt()).isEmpty();
    assertThat(report.peer()).isEmpty();
  }

  @Test
  void anotherSwarmKeyIsSwarmKey() {
    Diagnosis.Report report =
        Diagnosis.run(
            me(), bobListening(SwarmKey.generate(), PeerAdmission.everyone()), Optional.empty());
    assertThat(report.stage()).isEqualTo(Stage.SWARM_KEY);
    assertThat(report.message()).contains("another swarm key");
    assertThat(report.rtt()).isPresent();
  }

  /**
   * A peer that answers our hello with a TLS alert (handshake_failure) behind its gate: with our
   * key that is a TLS failure; with another key the same bytes reach us as noise, which the
   * first-record check tells apart.
   */
  @Test
  void anAlertIsTlsWithOurKeyAndNoiseWithAnother() throws Exception {
    EventLoopGroup loop = new NioEventLoopGroup(1);
    try {
      Diagnosis.Report sameKey = Diagnosis.run(me(), alertingPeer(loop, key), Optional.empty());
      assertThat(sameKey.stage()).isEqualTo(Stage.TLS);
      assertThat(sameKey.message()).contains("Received fatal alert: handshake_failure");

      Diagnosis.Report otherKey =
          Diagnosis.run(me(), alertingPeer(loop, SwarmKey.generate()), Optional.empty());
      assertThat(otherKey.stage()).isEqualTo(Stage.SWARM_KEY);
      assertThat(otherKey.message())
          .contains("not a TLS record header")
          .contains("another swarm key");
    } finally {
      loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
    }
  }

  /** Behind a gate with {@code swarmKey}: answers anything with a fatal TLS alert and hangs up. */
  private static InetSocketAddress alertingPeer(EventLoopGroup loop, SwarmKey swarmKey)
      throws InterruptedException {
    byte[] alert = {0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x28};
    return listenBehindGate(
        loop,
        swarmKey,
        () ->
            new ChannelInboundHandlerAdapter() {
              @Override
              public void channelRead(ChannelHandlerContext ctx, Object msg) {
                ReferenceCountUtil.release(msg);
                ctx.writeAndFlush(Unpooled.wrappedBuffer(alert))
                    .addListener(ChannelFutureListener.CLOSE);
              }
            });
  }

  @Test
  void anotherNodeThanExpectedIsIdentity() {
    NodeId expected = TestIdentity.random().nodeId();
    Diagnosis.Report report =
        Diagnosis.run(me(), bobListening(key, PeerAdmission.everyone()), Optional.of(expected));
    assertThat(report.stage()).isEqualTo(Stage.IDENTITY);
    assertThat(report.message())
        .contains("dialled " + expected + " but the peer proved to be " + bob.nodeId());
  }

  @Test
  void anImpostorIsIdentity() {
    InetSocketAddress address =
        transport(TestIdentity.lying(bob.nodeId()), key, PeerAdmission.everyone())
            .listen(MeshTransportTest.ANY_LOOPBACK);
    Diagnosis.Report report = Diagnosis.run(me(), address, Optional.of(bob.nodeId()));
    assertThat(report.stage()).isEqualTo(Stage.IDENTITY);
    assertThat(report.message()).contains("not bound to that node");
  }

  @Test
  void aListenerThatRefusesUsIsAdmission() {
    Diagnosis.Report report =
        Diagnosis.run(me(), bobListening(key, peer -> false), Optional.empty());
    assertThat(report.stage()).isEqualTo(Stage.ADMISSION);
    assertThat(report.message()).contains("closed the connection right after the handshake");
    assertThat(report.peer()).contains(bob.nodeId());
  }

  @Test
  void aPeerWithOurKeyButNoTls13IsTls() throws Exception {
    EventLoopGroup loop = new NioEventLoopGroup(1);
    try {
      SslContext tls12 =
          SslContextBuilder.forServer(
                  IdentityCertificates.newKeyPair().getPrivate(),
                  new IdentityCertificates(bob, Clock.systemUTC()).issue().certificate())
              .sslProvider(SslProvider.JDK)
              .protocols("TLSv1.2")
              .build();
      InetSocketAddress address =
          listenBehindGate(loop, key, () -> tls12.newHandler(ByteBufAllocator.DEFAULT));
      Diagnosis.Report report = Diagnosis.run(me(), address, Optional.empty());
      assertThat(report.stage()).isEqualTo(Stage.TLS);
      assertThat(report.message()).contains("TLS handshake failed");
    } finally {
      loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
    }
  }

  /** A server behind a swarm-key gate: the right framing, but not a mesh node above it. */
  private static InetSocketAddress listenBehindGate(
      EventLoopGroup loop, SwarmKey swarmKey, Supplier<ChannelHandler> above)
      throws InterruptedException {
    Channel server =
        new ServerBootstrap()
            .group(loop)
            .channel(NioServerSocketChannel.class)
            .childHandler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel ch) {
                    ch.pipeline()
                        .addLast(new SwarmKeyGate(swarmKey))
                        .addLast(above.get())
                        .addLast(
                            new ChannelInboundHandlerAdapter() {
                              @Override
                              public void exceptionCaught(ChannelHandlerContext ctx, Throwable c) {
                                ctx.close();
                              }
                            });
                  }
                })
            .bind(MeshTransportTest.ANY_LOOPBACK)
            .sync()
            .channel();
    return (InetSocketAddress) server.localAddress();
  }
}
