package sovereign.mesh;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The gate over real TCP on 127.0.0.1: an echo server behind one gate, a client behind another. */
class SwarmKeyGateLoopbackTest {

  private EventLoopGroup group;

  @BeforeEach
  void start() {
    group = new NioEventLoopGroup(2);
  }

  @AfterEach
  void stop() throws Exception {
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
  }

  /** Echoes every byte it receives, above whatever handler {@code below} makes. */
  private Channel echoServer(Supplier<ChannelHandler> below) throws Exception {
    return new ServerBootstrap()
        .group(group)
        .channel(NioServerSocketChannel.class)
        .childHandler(
            new ChannelInitializer<SocketChannel>() {
              @Override
              protected void initChannel(SocketChannel ch) {
                ch.pipeline()
                    .addLast(below.get())
                    .addLast(
                        new ChannelInboundHandlerAdapter() {
                          @Override
                          public void channelRead(ChannelHandlerContext ctx, Object msg) {
                            ctx.writeAndFlush(msg);
                          }
                        });
              }
            })
        .bind(new InetSocketAddress("127.0.0.1", 0))
        .sync()
        .channel();
  }

  /** Collects what reaches the layer above the client's gate until {@code expected} bytes. */
  private static final class Collector extends ChannelInboundHandlerAdapter {
    final ByteArrayOutputStream received = new ByteArrayOutputStream();
    final CompletableFuture<byte[]> done = new CompletableFuture<>();
    final int expected;

    Collector(int expected) {
      this.expected = expected;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      ByteBuf buf = (ByteBuf) msg;
      byte[] bytes = new byte[buf.readableBytes()];
      buf.readBytes(bytes);
      buf.release();
      received.writeBytes(bytes);
      if (received.size() >= expected) {
        done.complete(received.toByteArray());
      }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      done.completeExceptionally(cause);
    }
  }

  private byte[] sendAndCollectEcho(Channel server, SwarmKey clientKey, byte[] payload)
      throws Exception {
    Collector collector = new Collector(payload.length);
    Channel client =
        new Bootstrap()
            .group(group)
            .channel(NioSocketChannel.class)
            .handler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel ch) {
                    ch.pipeline().addLast(new SwarmKeyGate(clientKey)).addLast(collector);
                  }
                })
            .connect(server.localAddress())
            .sync()
            .channel();
    Random random = new Random(7);
    int at = 0;
    while (at < payload.length) {
      int n = Math.min(payload.length - at, 1 + random.nextInt(10_000));
      client.write(Unpooled.wrappedBuffer(Arrays.copyOfRange(payload, at, at + n)));
      at += n;
      if (random.nextInt(4) == 0) {
        client.flush();
      }
    }
    client.flush();
    try {
      return collector.done.get(20, TimeUnit.SECONDS);
    } finally {
      client.close().sync();
    }
  }

  @Test
  void bytesRoundTripThroughTwoGatesOverTcp() throws Exception {
    SwarmKey key = SwarmKey.generate();
    Channel server = echoServer(() -> new SwarmKeyGate(key));
    try {
      byte[] payload = new byte[1 << 20];
      new Random(1).nextBytes(payload);
      assertThat(sendAndCollectEcho(server, key, payload)).isEqualTo(payload);
    } finally {
      server.close().sync();
    }
  }

  @Test
  void aServerWithAnotherKeyNeverSeesPlaintextAndEchoesOnlyGarbage() throws Exception {
    SwarmKey ours = SwarmKey.generate();
    SwarmKey theirs = SwarmKey.generate();
    ByteArrayOutputStream seenAboveTheirGate = new ByteArrayOutputStream();
    Channel server =
        echoServer(
            () ->
                new ChannelInitializer<Channel>() {
                  @Override
                  protected void initChannel(Channel ch) {
                    ch.pipeline()
                        .addLast(new SwarmKeyGate(theirs))
                        .addLast(
                            new ChannelInboundHandlerAdapter() {
                              @Override
                              public void channelRead(ChannelHandlerContext ctx, Object msg) {
                                ByteBuf buf = (ByteBuf) msg;
                                synchronized (seenAboveTheirGate) {
                                  seenAboveTheirGate.writeBytes(ByteBufUtil.getBytes(buf));
                                }
                                ctx.fireChannelRead(msg);
                              }
                            });
                  }
                });
    try {
      byte[] payload =
          "ClientHello from node 12D3KooW... with our identity. "
              .repeat(2000)
              .getBytes(StandardCharsets.US_ASCII);
      byte[] echoed = sendAndCollectEcho(server, ours, payload);
      assertThat(echoed).hasSize(payload.length).isNotEqualTo(payload);
      assertThat(new String(echoed, StandardCharsets.ISO_8859_1)).doesNotContain("identity");
      synchronized (seenAboveTheirGate) {
        assertThat(seenAboveTheirGate.size()).isEqualTo(payload.length);
        assertThat(new String(seenAboveTheirGate.toByteArray(), StandardCharsets.ISO_8859_1))
            .doesNotContain("identity")
            .doesNotContain("ClientHello");
      }
    } finally {
      server.close().sync();
    }
  }
}
