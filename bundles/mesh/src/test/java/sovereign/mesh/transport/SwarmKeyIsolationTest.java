package sovereign.mesh.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.crypto.engines.XSalsa20Engine;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.params.ParametersWithIV;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import sovereign.mesh.SwarmKey;
import sovereign.mesh.SwarmKeyGate;

/**
 * A stranger without our swarm key gets a nonce and noise, never our identity: neither our
 * certificate (recognised by the DER of the libp2p extension OID every one of ours carries) nor our
 * node's key bytes nor its ID appear in what it receives, decrypted with its key or even with ours.
 *
 * <p>TLS 1.3 encrypts certificates too, so the searches alone would pass even if our listener
 * answered; the decisive check is that it sends nothing at all after its 24-byte nonce: no
 * ServerHello, so no handshake the stranger could pursue.
 */
class SwarmKeyIsolationTest {

  private static final byte[] LIBP2P_OID_DER = derOid();

  private final SwarmKey ours = SwarmKey.generate();
  private final SwarmKey wrong = SwarmKey.generate();
  private final TestIdentity node = TestIdentity.random();
  private final Recorder events = new Recorder();
  private final MeshTransport transport =
      new MeshTransport(node, ours, PeerAdmission.everyone(), events, MeshSettings.defaults());
  private final EventLoopGroup strangerLoop = new NioEventLoopGroup(1);

  @AfterEach
  void close() throws Exception {
    transport.close();
    strangerLoop.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
  }

  private static byte[] derOid() {
    try {
      return new ASN1ObjectIdentifier(IdentityCertificates.EXTENSION_OID).getEncoded();
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
  }

  /** The bytes after the first 24 of {@code wire}, decrypted as the gate would with {@code key}. */
  static byte[] decryptAfterNonce(byte[] wire, SwarmKey key) {
    assertThat(wire.length).isGreaterThanOrEqualTo(SwarmKeyGate.NONCE_BYTES);
    byte[] nonce = Arrays.copyOf(wire, SwarmKeyGate.NONCE_BYTES);
    byte[] body = Arrays.copyOfRange(wire, SwarmKeyGate.NONCE_BYTES, wire.length);
    XSalsa20Engine cipher = new XSalsa20Engine();
    cipher.init(false, new ParametersWithIV(new KeyParameter(key.bytes()), nonce));
    byte[] plain = new byte[body.length];
    cipher.processBytes(body, 0, body.length, plain, 0);
    return plain;
  }

  private void assertNoIdentityIn(byte[] stream) {
    assertThat(indexOf(stream, LIBP2P_OID_DER)).as("libp2p certificate extension").isEqualTo(-1);
    assertThat(indexOf(stream, node.nodeId().publicKey())).as("node key bytes").isEqualTo(-1);
    assertThat(indexOf(stream, node.nodeId().toString().getBytes(StandardCharsets.US_ASCII)))
        .as("node ID text")
        .isEqualTo(-1);
  }

  static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  @Test
  void theOidSearchFindsOurCertificate() {
    byte[] der = certificateDer();
    assertThat(indexOf(der, LIBP2P_OID_DER)).isNotNegative();
    assertThat(indexOf(der, node.nodeId().publicKey())).isNotNegative();
  }

  private byte[] certificateDer() {
    try {
      return new IdentityCertificates(node, java.time.Clock.systemUTC())
          .issue()
          .certificate()
          .getEncoded();
    } catch (java.security.cert.CertificateEncodingException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void aStrangerDiallingWithAnotherKeyGetsOnlyOurNonce() throws Exception {
    InetSocketAddress address = transport.listen(MeshTransportTest.ANY_LOOPBACK);
    ByteArrayOutputStream received = new ByteArrayOutputStream();
    CompletableFuture<Void> closed = new CompletableFuture<>();
    // The stranger speaks the whole protocol, a real TLS 1.3 client behind a gate with its key.
    var tls =
        SslContextBuilder.forClient()
            .sslProvider(SslProvider.JDK)
            .protocols("TLSv1.3")
            .trustManager(InsecureTrustManagerFactory.INSTANCE)
            .build();
    Channel stranger =
        new Bootstrap()
            .group(strangerLoop)
            .channel(NioSocketChannel.class)
            .handler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel ch) {
                    ch.pipeline()
                        .addLast(
                            new ChannelInboundHandlerAdapter() {
                              @Override
                              public void channelRead(ChannelHandlerContext ctx, Object msg) {
                                synchronized (received) {
                                  received.writeBytes(ByteBufUtil.getBytes((ByteBuf) msg));
                                }
                                ctx.fireChannelRead(msg);
                              }

                              @Override
                              public void channelInactive(ChannelHandlerContext ctx) {
                                closed.complete(null);
                                ctx.fireChannelInactive();
                              }
                            })
                        .addLast(new SwarmKeyGate(wrong))
                        .addLast(tls.newHandler(ch.alloc()))
                        .addLast(
                            new ChannelInboundHandlerAdapter() {
                              @Override
                              public void exceptionCaught(ChannelHandlerContext ctx, Throwable c) {
                                ctx.close();
                              }
                            });
                  }
                })
            .connect(address)
            .sync()
            .channel();
    closed.get(20, TimeUnit.SECONDS);
    assertThat(stranger.isActive()).isFalse();
    byte[] wire;
    synchronized (received) {
      wire = received.toByteArray();
    }
    // Our listener read noise where a TLS hello should be and hung up: it sent its nonce, no more.
    assertThat(wire).hasSize(SwarmKeyGate.NONCE_BYTES);
    assertNoIdentityIn(wire);
    assertNoIdentityIn(decryptAfterNonce(wire, wrong));
    assertNoIdentityIn(decryptAfterNonce(wire, ours));
    assertThat(events.opened).isEmpty();
  }

  @Test
  void whenWeDialAStrangerItGetsOurNonceAndAHelloWithoutIdentity() throws Exception {
    try (ServerSocket stranger =
        new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      CompletableFuture<PeerConnection> dial =
          transport.dial((InetSocketAddress) stranger.getLocalSocketAddress(), Optional.empty());
      byte[] wire;
      try (Socket socket = stranger.accept()) {
        socket.setSoTimeout(1000);
        // It answers with a nonce of its own and noise (it cannot make a TLS answer without our
        // key), then waits for whatever else we would send.
        socket.getOutputStream().write(new byte[SwarmKeyGate.NONCE_BYTES + 64]);
        wire = readFor(socket.getInputStream(), 1000);
      }
      ExecutionException failed =
          org.junit.jupiter.api.Assertions.assertThrows(
              ExecutionException.class, () -> dial.get(20, TimeUnit.SECONDS));
      assertThat(((ConnectFailedException) failed.getCause()).stage()).isEqualTo(Stage.SWARM_KEY);
      assertThat(wire.length).isGreaterThan(SwarmKeyGate.NONCE_BYTES);
      assertNoIdentityIn(wire);
      assertNoIdentityIn(decryptAfterNonce(wire, wrong));
      // Even with our key, what went out is only a TLS 1.3 ClientHello: no certificate, no ID.
      byte[] plain = decryptAfterNonce(wire, ours);
      assertThat(plain[0]).isEqualTo((byte) 22);
      assertNoIdentityIn(plain);
    }
  }

  /** Reads until EOF or until {@code quietMillis} pass without a byte. */
  private static byte[] readFor(InputStream in, int quietMillis) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buffer = new byte[4096];
    long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(quietMillis);
    while (System.nanoTime() < until) {
      int n;
      try {
        n = in.read(buffer);
      } catch (java.net.SocketTimeoutException | java.net.SocketException e) {
        break;
      }
      if (n < 0) {
        break;
      }
      out.write(buffer, 0, n);
    }
    return out.toByteArray();
  }
}
