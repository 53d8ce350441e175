package sovereign.mesh.fuzz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import sovereign.mesh.transport.SwarmKeyMismatchException;

/**
 * Fuzzes the transport's {@code TlsRecordSniffer}, the first handler that reads what the swarm-key
 * gate decrypted, in an {@link EmbeddedChannel}. Input layout: byte 0 picks the sniffer (even: a
 * dialler's, TLS already in place; odd: a listener's whose TLS factory fails), byte 1 the chunking
 * ({@link FuzzSupport#chunkSizes}), the rest is the decrypted stream.
 *
 * <p>Checked against a model of the header test (type 21 or 22, version 3.0 to 3.4, length 1 to
 * 2^14 + 2048): a good header passes every byte up unchanged and the sniffer leaves the pipeline
 * (or, with the failing factory, the factory's exception and a close); a bad one is one {@link
 * SwarmKeyMismatchException} and a close, nothing passed up; fewer than five bytes wait. Nothing
 * else is raised, nothing escapes the pipeline, every buffer is released.
 */
class TlsRecordSnifferFuzzTest {

  private static final int HEADER = 5;
  private static final int MAX_RECORD_LENGTH = (1 << 14) + 2048;

  @FuzzTest(maxDuration = "30s")
  @Timeout(value = 10, unit = TimeUnit.SECONDS)
  void firstRecord(byte[] input) {
    if (input.length < 2) {
      return;
    }
    boolean failingFactory = (input[0] & 1) != 0;
    byte[] stream = Arrays.copyOfRange(input, 2, input.length);
    check(stream, failingFactory, FuzzSupport.chunkSizes(stream.length, input[1]));
  }

  @Test
  void aHeaderClaimingTheLongestRecordLengthIsAMismatch() {
    byte[] stream = {22, 3, 3, (byte) 0xff, (byte) 0xff, 1, 2, 3};
    Outcome outcome =
        assertTimeoutPreemptively(
            Duration.ofSeconds(2), () -> check(stream, false, List.of(1, 1, 1, 1, 1, 3)));
    assertThat(outcome.errors).singleElement().isInstanceOf(SwarmKeyMismatchException.class);
    assertThat(outcome.passedUp.size()).isZero();
  }

  @Test
  void aGoodHeaderByteByByteIsPassedUpWhole() {
    byte[] stream = {22, 3, 1, 0, 5, 1, 2, 3, 4, 5};
    Outcome outcome = check(stream, false, List.of(1, 1, 1, 1, 0, 1, 5));
    assertThat(outcome.passedUp.toByteArray()).isEqualTo(stream);
    assertThat(outcome.errors).isEmpty();
  }

  /** What the sniffer did with one stream. */
  static final class Outcome {
    final ByteArrayOutputStream passedUp = new ByteArrayOutputStream();
    final List<Throwable> errors = new ArrayList<>();
  }

  static Outcome check(byte[] stream, boolean failingFactory, List<Integer> sizes) {
    ChannelHandler sniffer =
        failingFactory
            ? FuzzSupport.newTlsRecordSnifferWithFailingFactory(new SSLException("no TLS today"))
            : FuzzSupport.newTlsRecordSniffer();
    Outcome outcome = new Outcome();
    EmbeddedChannel channel = new EmbeddedChannel(sniffer, new Collector(outcome));
    channel.config().setAllocator(new FuzzSupport.TrackingAllocator());
    FuzzSupport.Fed fed = FuzzSupport.feed(channel, stream, sizes);
    boolean openAtEnd = channel.isOpen();
    boolean snifferLeft = channel.pipeline().context(sniffer) == null;
    channel.finishAndReleaseAll();

    if (stream.length < HEADER) {
      assertThat(outcome.errors).as("errors before a whole header").isEmpty();
      assertThat(outcome.passedUp.size()).as("bytes passed up before a whole header").isZero();
      assertThat(openAtEnd).isTrue();
    } else if (!looksLikeFirstRecord(stream)) {
      assertThat(outcome.errors).as("errors").hasSize(1);
      assertThat(outcome.errors.get(0)).isInstanceOf(SwarmKeyMismatchException.class);
      assertThat(outcome.passedUp.size()).as("bytes passed up after a bad header").isZero();
      assertThat(openAtEnd).as("open after a bad header").isFalse();
    } else if (failingFactory) {
      assertThat(outcome.errors).as("errors").hasSize(1);
      assertThat(outcome.errors.get(0)).isInstanceOf(SSLException.class);
      assertThat(outcome.passedUp.size()).as("bytes passed up without TLS").isZero();
      assertThat(openAtEnd).as("open without TLS").isFalse();
    } else {
      assertThat(outcome.errors).as("errors after a good header").isEmpty();
      assertThat(outcome.passedUp.toByteArray()).as("bytes passed up").isEqualTo(stream);
      assertThat(snifferLeft).as("the sniffer left the pipeline").isTrue();
    }
    for (ByteBuf chunk : fed.chunks()) {
      assertThat(chunk.refCnt()).as("a chunk fed in was not released").isZero();
    }
    return outcome;
  }

  /** The model of the header test. */
  private static boolean looksLikeFirstRecord(byte[] s) {
    int type = s[0] & 0xff;
    int length = ((s[3] & 0xff) << 8) | (s[4] & 0xff);
    return (type == 22 || type == 21)
        && s[1] == 3
        && (s[2] & 0xff) <= 4
        && length >= 1
        && length <= MAX_RECORD_LENGTH;
  }

  private static final class Collector extends ChannelInboundHandlerAdapter {
    private final Outcome outcome;

    Collector(Outcome outcome) {
      this.outcome = outcome;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      if (!(msg instanceof ByteBuf in)) {
        outcome.errors.add(new AssertionError("not a ByteBuf: " + msg));
        return;
      }
      try {
        byte[] bytes = ByteBufUtil.getBytes(in);
        outcome.passedUp.write(bytes, 0, bytes.length);
      } finally {
        in.release();
      }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      outcome.errors.add(cause);
    }
  }
}
