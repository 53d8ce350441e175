package sovereign.mesh;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.DefaultFileRegion;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Random;
import org.bouncycastle.crypto.engines.XSalsa20Engine;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.params.ParametersWithIV;
import org.junit.jupiter.api.Test;

class SwarmKeyGateTest {

  private static final byte[] TEXT =
      "GET /the/secret/plan HTTP/1.1 -- a readable line the stranger must never see. "
          .repeat(40)
          .getBytes(StandardCharsets.US_ASCII);

  /** A SecureRandom that yields a fixed nonce, for known-answer tests. */
  private static SecureRandom fixed(byte[] nonce) {
    return new SecureRandom() {
      @Override
      public void nextBytes(byte[] bytes) {
        System.arraycopy(nonce, 0, bytes, 0, bytes.length);
      }
    };
  }

  private static byte[] drainOutbound(EmbeddedChannel channel) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (ByteBuf buf; (buf = channel.readOutbound()) != null; ) {
      out.writeBytes(ByteBufUtil.getBytes(buf));
      buf.release();
    }
    return out.toByteArray();
  }

  private static byte[] drainInbound(EmbeddedChannel channel) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (ByteBuf buf; (buf = channel.readInbound()) != null; ) {
      out.writeBytes(ByteBufUtil.getBytes(buf));
      buf.release();
    }
    return out.toByteArray();
  }

  /** Delivers {@code wire} to {@code to} cut at random points, as TCP may. */
  private static void deliver(byte[] wire, EmbeddedChannel to, Random random) {
    int at = 0;
    while (at < wire.length) {
      int n = Math.min(wire.length - at, 1 + random.nextInt(random.nextBoolean() ? 7 : 3000));
      to.writeInbound(Unpooled.wrappedBuffer(Arrays.copyOfRange(wire, at, at + n)));
      at += n;
    }
  }

  private static void write(EmbeddedChannel channel, byte[] data, int from, int to) {
    channel.writeAndFlush(Unpooled.wrappedBuffer(Arrays.copyOfRange(data, from, to)));
  }

  @Test
  void sendsANonceFirstAndFreshPerConnection() {
    SwarmKey key = SwarmKey.generate();
    EmbeddedChannel a = new EmbeddedChannel(new SwarmKeyGate(key));
    EmbeddedChannel b = new EmbeddedChannel(new SwarmKeyGate(key));
    byte[] nonceA = drainOutbound(a);
    byte[] nonceB = drainOutbound(b);
    assertThat(nonceA).hasSize(SwarmKeyGate.NONCE_BYTES);
    assertThat(nonceB).hasSize(SwarmKeyGate.NONCE_BYTES).isNotEqualTo(nonceA);
    a.finishAndReleaseAll();
    b.finishAndReleaseAll();
  }

  @Test
  void roundTripBothWaysWithManyWritesAndArbitrarySplits() {
    Random random = new Random(42);
    for (int round = 0; round < 20; round++) {
      SwarmKey key = SwarmKey.generate();
      EmbeddedChannel a = new EmbeddedChannel(new SwarmKeyGate(key));
      EmbeddedChannel b = new EmbeddedChannel(new SwarmKeyGate(key));
      byte[] aToB = new byte[random.nextInt(200_000)];
      byte[] bToA = new byte[random.nextInt(200_000)];
      random.nextBytes(aToB);
      random.nextBytes(bToA);
      ByteArrayOutputStream atB = new ByteArrayOutputStream();
      ByteArrayOutputStream atA = new ByteArrayOutputStream();
      int sentA = 0;
      int sentB = 0;
      while (sentA < aToB.length || sentB < bToA.length) {
        int n = Math.min(aToB.length - sentA, random.nextInt(20_000));
        write(a, aToB, sentA, sentA + n);
        sentA += n;
        int m = Math.min(bToA.length - sentB, random.nextInt(20_000));
        write(b, bToA, sentB, sentB + m);
        sentB += m;
        // Wire bytes arrive interleaved with writes and cut anywhere.
        deliver(drainOutbound(a), b, random);
        deliver(drainOutbound(b), a, random);
        atB.writeBytes(drainInbound(b));
        atA.writeBytes(drainInbound(a));
      }
      assertThat(atB.toByteArray()).isEqualTo(aToB);
      assertThat(atA.toByteArray()).isEqualTo(bToA);
      assertThat(a.finishAndReleaseAll()).isFalse();
      assertThat(b.finishAndReleaseAll()).isFalse();
    }
  }

  @Test
  void aShortNonceWaitsForTheRest() {
    SwarmKey key = SwarmKey.generate();
    EmbeddedChannel a = new EmbeddedChannel(new SwarmKeyGate(key));
    SwarmKeyGate gateB = new SwarmKeyGate(key);
    EmbeddedChannel b = new EmbeddedChannel(gateB);
    write(a, TEXT, 0, TEXT.length);
    byte[] wire = drainOutbound(a);

    b.writeInbound(Unpooled.wrappedBuffer(wire, 0, 10));
    assertThat((Object) b.readInbound()).isNull();
    assertThat(gateB.peerNonceReceived()).isFalse();
    b.writeInbound(Unpooled.wrappedBuffer(wire, 10, 13));
    assertThat((Object) b.readInbound()).isNull();
    // The last nonce byte and the first data byte arrive together.
    b.writeInbound(Unpooled.wrappedBuffer(wire, 23, 2));
    assertThat(gateB.peerNonceReceived()).isTrue();
    b.writeInbound(Unpooled.wrappedBuffer(wire, 25, wire.length - 25));
    assertThat(drainInbound(b)).isEqualTo(TEXT);
    a.finishAndReleaseAll();
    b.finishAndReleaseAll();
  }

  @Test
  void wireBytesAfterTheNonceAreNotThePlaintext() {
    EmbeddedChannel a = new EmbeddedChannel(new SwarmKeyGate(SwarmKey.generate()));
    write(a, TEXT, 0, TEXT.length);
    byte[] wire = drainOutbound(a);
    assertThat(wire).hasSize(SwarmKeyGate.NONCE_BYTES + TEXT.length);
    byte[] body = Arrays.copyOfRange(wire, SwarmKeyGate.NONCE_BYTES, wire.length);
    assertThat(body).isNotEqualTo(TEXT);
    assertThat(new String(wire, StandardCharsets.ISO_8859_1)).doesNotContain("secret");
    int same = 0;
    for (int i = 0; i < TEXT.length; i++) {
      same += body[i] == TEXT[i] ? 1 : 0;
    }
    // A keystream byte is zero about once in 256; allow a wide margin.
    assertThat(same).isLessThan(TEXT.length / 32);
    a.finishAndReleaseAll();
  }

  @Test
  void aPeerWithAnotherKeyGetsOnlyGarbage() {
    EmbeddedChannel a = new EmbeddedChannel(new SwarmKeyGate(SwarmKey.generate()));
    EmbeddedChannel stranger = new EmbeddedChannel(new SwarmKeyGate(SwarmKey.generate()));
    write(a, TEXT, 0, TEXT.length);
    stranger.writeInbound(Unpooled.wrappedBuffer(drainOutbound(a)));
    byte[] seen = drainInbound(stranger);
    assertThat(seen).hasSize(TEXT.length).isNotEqualTo(TEXT);
    assertThat(new String(seen, StandardCharsets.ISO_8859_1))
        .doesNotContain("secret")
        .doesNotContain("stranger");

    // And what the stranger sends reaches our upper layer as noise too.
    write(stranger, TEXT, 0, TEXT.length);
    a.writeInbound(Unpooled.wrappedBuffer(drainOutbound(stranger)));
    assertThat(new String(drainInbound(a), StandardCharsets.ISO_8859_1)).doesNotContain("secret");
    a.finishAndReleaseAll();
    stranger.finishAndReleaseAll();
  }

  @Test
  void knownAnswerAgainstBouncyCastleXSalsa20() {
    byte[] psk = new byte[32];
    for (int i = 0; i < psk.length; i++) {
      psk[i] = (byte) (i * 7 + 1);
    }
    byte[] nonceA = new byte[24];
    byte[] nonceB = new byte[24];
    for (int i = 0; i < 24; i++) {
      nonceA[i] = (byte) (0xa0 + i);
      nonceB[i] = (byte) (0x10 + 3 * i);
    }
    SwarmKey key = SwarmKey.of(psk);
    EmbeddedChannel a = new EmbeddedChannel(new SwarmKeyGate(key, fixed(nonceA)));
    EmbeddedChannel b = new EmbeddedChannel(new SwarmKeyGate(key, fixed(nonceB)));
    // Two writes, so the keystream must carry on across message boundaries.
    write(a, TEXT, 0, 1000);
    write(a, TEXT, 1000, TEXT.length);
    byte[] wire = drainOutbound(a);

    XSalsa20Engine engine = new XSalsa20Engine();
    engine.init(true, new ParametersWithIV(new KeyParameter(psk), nonceA));
    byte[] expected = new byte[TEXT.length];
    engine.processBytes(TEXT, 0, TEXT.length, expected, 0);
    assertThat(Arrays.copyOfRange(wire, 0, 24)).isEqualTo(nonceA);
    assertThat(Arrays.copyOfRange(wire, 24, wire.length)).isEqualTo(expected);

    // Inbound: B's nonce, then ciphertext made by Bouncy Castle, decrypts to the plaintext.
    byte[] nonceOnWire = drainOutbound(b);
    assertThat(nonceOnWire).isEqualTo(nonceB);
    XSalsa20Engine peer = new XSalsa20Engine();
    peer.init(true, new ParametersWithIV(new KeyParameter(psk), nonceB));
    byte[] fromB = new byte[TEXT.length];
    peer.processBytes(TEXT, 0, TEXT.length, fromB, 0);
    a.writeInbound(Unpooled.wrappedBuffer(nonceB), Unpooled.wrappedBuffer(fromB));
    assertThat(drainInbound(a)).isEqualTo(TEXT);

    a.finishAndReleaseAll();
    b.finishAndReleaseAll();
  }

  /**
   * The published XSalsa20 vector (Go's golang.org/x/crypto/salsa20 tests, also used by NaCl
   * ports), through the gate: checks the engine and the key/nonce wiring independently of Bouncy
   * Castle.
   */
  @Test
  void publishedXSalsa20VectorThroughTheGate() {
    SwarmKey key =
        SwarmKey.of("this is 32-byte key for xsalsa20".getBytes(StandardCharsets.US_ASCII));
    byte[] nonce = "24-byte nonce for xsalsa".getBytes(StandardCharsets.US_ASCII);
    EmbeddedChannel a = new EmbeddedChannel(new SwarmKeyGate(key, fixed(nonce)));
    a.writeAndFlush(Unpooled.copiedBuffer("Hello world!", StandardCharsets.US_ASCII));
    byte[] wire = drainOutbound(a);
    assertThat(ByteBufUtil.hexDump(wire, 24, wire.length - 24))
        .isEqualTo("002d4513843fc240c401e541");

    EmbeddedChannel b = new EmbeddedChannel(new SwarmKeyGate(key, fixed(nonce)));
    b.writeAndFlush(Unpooled.wrappedBuffer(new byte[64]));
    byte[] zeros = drainOutbound(b);
    assertThat(ByteBufUtil.hexDump(zeros, 24, 64))
        .isEqualTo(
            "4848297feb1fb52fb66d81609bd547fabcbe7026edc8b5e5e449d088bfa69c08"
                + "8f5d8da1d791267c2c195a7f8cae9c4b4050d08ce6d3a151ec265f3a58e47648");
    a.finishAndReleaseAll();
    b.finishAndReleaseAll();
  }

  @Test
  void aGateAddedToAnActiveChannelSendsItsNonceAtOnce() {
    EmbeddedChannel a = new EmbeddedChannel();
    a.pipeline().addFirst(new SwarmKeyGate(SwarmKey.generate()));
    assertThat(drainOutbound(a)).hasSize(SwarmKeyGate.NONCE_BYTES);
    a.finishAndReleaseAll();
  }

  @Test
  void refusesMessagesThatWouldBypassTheCipher() throws Exception {
    EmbeddedChannel a = new EmbeddedChannel(new SwarmKeyGate(SwarmKey.generate()));
    drainOutbound(a);
    File file = File.createTempFile("gate", ".bin");
    try {
      ChannelFuture written = a.writeAndFlush(new DefaultFileRegion(file, 0, 0));
      assertThat(written.isSuccess()).isFalse();
      assertThat(written.cause()).hasMessageContaining("only ByteBuf");
      assertThat((Object) a.readOutbound()).isNull();
    } finally {
      file.delete();
      a.finishAndReleaseAll();
    }
  }
}
