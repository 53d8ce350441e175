package sovereign.mesh;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.util.ReferenceCountUtil;
import java.security.SecureRandom;
import java.util.Arrays;
import org.bouncycastle.crypto.StreamCipher;
import org.bouncycastle.crypto.engines.XSalsa20Engine;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.params.ParametersWithIV;

/**
 * The swarm-key gate: the libp2p pre-shared-key private network ("pnet", PSK v1) as a Netty
 * handler, placed first in the pipeline of every mesh connection, right after the socket.
 *
 * <p>Wire format, the same in both directions: when the connection becomes active each side sends a
 * fresh random 24-byte nonce in the clear; every byte after it is XOR'ed with the XSalsa20
 * keystream of the 32-byte swarm key and that nonce. Outbound bytes use our nonce, inbound bytes
 * the peer's. A nonce that arrives in pieces is gathered until all 24 bytes are in; nothing is
 * passed up before that.
 *
 * <p>What this layer gives: a stranger without the swarm key sees only random nonces and
 * ciphertext, and whatever it sends reaches the layers above as noise, so it never gets a readable
 * byte from us (in particular not the TLS handshake that carries our identity).
 *
 * <p>What it does not give: <b>no authentication and no integrity</b>. A peer with a different key
 * is not detected here; its bytes decrypt to garbage, and it is the TLS 1.3 layer above that fails
 * the handshake and closes the connection. XSalsa20 is a bare stream cipher, so an on-path attacker
 * can flip bits undetected at this layer; TLS above detects that too. Peer identity, integrity and
 * confidentiality against members of the swarm all come from TLS, never from this gate.
 *
 * <p>Only {@link ByteBuf} messages pass, both ways: anything else written (such as a {@code
 * FileRegion}) would bypass the cipher, so it is refused. One instance per channel; it is not
 * {@code @Sharable}.
 */
public final class SwarmKeyGate extends ChannelDuplexHandler {

  /** Length of the nonce each side sends first. */
  public static final int NONCE_BYTES = 24;

  /** Bytes run through the cipher at a time. */
  private static final int CHUNK = 8192;

  private final byte[] psk;
  private final SecureRandom random;

  private StreamCipher outbound;
  private StreamCipher inbound;
  private final byte[] peerNonce = new byte[NONCE_BYTES];
  private int peerNonceLength;
  private byte[] scratch;

  /** A gate for one connection of the swarm that {@code key} names. */
  public SwarmKeyGate(SwarmKey key) {
    this(key, new SecureRandom());
  }

  /** A gate whose nonce comes from {@code random} (tests pass a fixed one). */
  SwarmKeyGate(SwarmKey key, SecureRandom random) {
    this.psk = key.bytes();
    this.random = random;
  }

  /** Whether the peer's nonce has arrived in full, so its bytes are being decrypted. */
  public boolean peerNonceReceived() {
    return inbound != null;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    if (ctx.channel().isActive()) {
      sendNonce(ctx, true);
    }
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    Arrays.fill(psk, (byte) 0);
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) throws Exception {
    sendNonce(ctx, true);
    ctx.fireChannelActive();
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
    if (!(msg instanceof ByteBuf in)) {
      ReferenceCountUtil.release(msg);
      promise.setFailure(
          new IllegalArgumentException(
              "the swarm-key gate passes only ByteBuf, not " + msg.getClass().getName()));
      return;
    }
    ByteBuf out;
    try {
      sendNonce(ctx, false);
      out = crypt(outbound, in, ctx.alloc());
    } finally {
      in.release();
    }
    ctx.write(out, promise);
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (!(msg instanceof ByteBuf in)) {
      ReferenceCountUtil.release(msg);
      ctx.fireExceptionCaught(
          new IllegalStateException(
              "the swarm-key gate reads only ByteBuf, not " + msg.getClass().getName()));
      return;
    }
    ByteBuf out = null;
    try {
      if (inbound == null) {
        int take = Math.min(NONCE_BYTES - peerNonceLength, in.readableBytes());
        in.readBytes(peerNonce, peerNonceLength, take);
        peerNonceLength += take;
        if (peerNonceLength == NONCE_BYTES) {
          inbound = cipher(peerNonce);
        }
      }
      if (inbound != null && in.isReadable()) {
        out = crypt(inbound, in, ctx.alloc());
      }
    } finally {
      in.release();
    }
    if (out != null) {
      ctx.fireChannelRead(out);
    }
  }

  /** Sends our nonce once, before any other byte, and starts the outbound keystream. */
  private void sendNonce(ChannelHandlerContext ctx, boolean flush) {
    if (outbound != null) {
      return;
    }
    byte[] nonce = new byte[NONCE_BYTES];
    random.nextBytes(nonce);
    outbound = cipher(nonce);
    ByteBuf buf = ctx.alloc().buffer(NONCE_BYTES).writeBytes(nonce);
    if (flush) {
      ctx.writeAndFlush(buf).addListener(ChannelFutureListener.FIRE_EXCEPTION_ON_FAILURE);
    } else {
      ctx.write(buf).addListener(ChannelFutureListener.FIRE_EXCEPTION_ON_FAILURE);
    }
  }

  private StreamCipher cipher(byte[] nonce) {
    XSalsa20Engine engine = new XSalsa20Engine();
    engine.init(true, new ParametersWithIV(new KeyParameter(psk), nonce));
    return engine;
  }

  /** XORs the readable bytes of {@code in} with the next bytes of the keystream. */
  private ByteBuf crypt(StreamCipher cipher, ByteBuf in, ByteBufAllocator alloc) {
    int length = in.readableBytes();
    ByteBuf out = alloc.buffer(length);
    try {
      if (scratch == null) {
        scratch = new byte[CHUNK];
      }
      while (in.isReadable()) {
        int n = Math.min(CHUNK, in.readableBytes());
        in.readBytes(scratch, 0, n);
        cipher.processBytes(scratch, 0, n, scratch, 0);
        out.writeBytes(scratch, 0, n);
      }
      return out;
    } catch (RuntimeException e) {
      out.release();
      throw e;
    }
  }
}
