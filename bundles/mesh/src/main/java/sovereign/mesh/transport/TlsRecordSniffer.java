package sovereign.mesh.transport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.ReferenceCountUtil;
import javax.net.ssl.SSLException;

/**
 * Tells a wrong swarm key apart from a TLS failure. It sits between the {@link
 * sovereign.mesh.SwarmKeyGate} and the {@code SslHandler} and looks at the first five bytes the
 * gate decrypts, which must be the header of the peer's first TLS record:
 *
 * <pre>
 * byte 0    content type: 22 (handshake) or 21 (alert); a TLS peer's first record is one of these
 * byte 1-2  legacy record version: 0x0300 to 0x0304 (TLS 1.3 sends 0x0301 or 0x0303)
 * byte 3-4  length: 1 to 18432 (2^14 plus the allowed expansion)
 * </pre>
 *
 * <p>Why this is sound: the gate has no key check of its own (libp2p pnet has none), so a peer with
 * another key is seen only through its bytes, which the gate turns into XSalsa20 noise. Noise
 * passes this test with probability about 2/256 &times; 1/256 &times; 5/256 &times; 18432/65536,
 * some 4 in 10 million; a peer with our key always starts with such a header. So a header that
 * fails is reported as {@link SwarmKeyMismatchException} ("another swarm key, or not a mesh node"),
 * and anything wrong after a good header is a TLS failure.
 *
 * <p>The bytes are not passed to TLS when the test fails: the connection is closed at once, so a
 * stranger gets nothing from us but our nonce. When the test passes, the buffered bytes go up and
 * this handler removes itself. {@link #sawBytes()} says whether any byte arrived after the nonce,
 * which the dialler uses when a peer closes without answering its hello.
 *
 * <p>On a listener, the TLS handler itself is made here, when the test passes ({@code tlsFactory}):
 * making a certificate and a TLS context is the costly part of a connection, and a stranger without
 * the swarm key, or a flood of idle sockets, never gets that far.
 */
final class TlsRecordSniffer extends ChannelInboundHandlerAdapter {

  /** Makes the TLS handler, on a listener, once the peer has shown it holds the swarm key. */
  @FunctionalInterface
  interface TlsFactory {
    SslHandler create() throws SSLException;
  }

  static final int HEADER_BYTES = 5;
  static final int MAX_RECORD_LENGTH = (1 << 14) + 2048;

  private final TlsFactory tlsFactory;
  private ByteBuf pending;
  private volatile boolean sawBytes;

  /** A sniffer; {@code tlsFactory} is null when the TLS handler is already in the pipeline. */
  TlsRecordSniffer(TlsFactory tlsFactory) {
    this.tlsFactory = tlsFactory;
  }

  /** Whether the peer sent any byte after its nonce. */
  boolean sawBytes() {
    return sawBytes;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (!(msg instanceof ByteBuf in)) {
      ctx.fireChannelRead(msg);
      return;
    }
    if (!in.isReadable()) {
      in.release();
      return;
    }
    sawBytes = true;
    if (pending == null) {
      pending = ctx.alloc().buffer(Math.max(HEADER_BYTES, in.readableBytes()));
    }
    pending.writeBytes(in);
    in.release();
    if (pending.readableBytes() < HEADER_BYTES) {
      return;
    }
    ByteBuf gathered = pending;
    pending = null;
    if (!looksLikeFirstRecord(gathered)) {
      String header = ByteBufUtil.hexDump(gathered, gathered.readerIndex(), HEADER_BYTES);
      gathered.release();
      ctx.fireExceptionCaught(new SwarmKeyMismatchException(header));
      ctx.close();
      return;
    }
    if (tlsFactory != null) {
      try {
        ctx.pipeline().addAfter(ctx.name(), MeshPipeline.TLS, tlsFactory.create());
      } catch (SSLException | RuntimeException e) {
        gathered.release();
        ctx.fireExceptionCaught(e);
        ctx.close();
        return;
      }
    }
    ctx.pipeline().remove(this);
    ctx.fireChannelRead(gathered);
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    if (pending != null) {
      ReferenceCountUtil.release(pending);
      pending = null;
    }
  }

  static boolean looksLikeFirstRecord(ByteBuf buf) {
    int at = buf.readerIndex();
    int type = buf.getUnsignedByte(at);
    int major = buf.getUnsignedByte(at + 1);
    int minor = buf.getUnsignedByte(at + 2);
    int length = buf.getUnsignedShort(at + 3);
    return (type == 22 || type == 21)
        && major == 3
        && minor <= 4
        && length >= 1
        && length <= MAX_RECORD_LENGTH;
  }
}
