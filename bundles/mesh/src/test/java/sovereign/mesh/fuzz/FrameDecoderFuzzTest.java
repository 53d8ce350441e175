package sovereign.mesh.fuzz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import sovereign.mesh.transport.Misbehaviour;

/**
 * Fuzzes the transport's {@code FrameDecoder} in an {@link EmbeddedChannel}, fed in chunks of
 * fuzzed sizes, against a reference model of the frame format. Input layout: byte 0 sets the frame
 * limit (times 16, so 0 to 4080 bytes), byte 1 the chunking ({@link FuzzSupport#chunkSizes}), the
 * rest is the byte stream a peer sends before it closes the connection.
 *
 * <p>Checked for every input: exactly the frames of the model come out, each within the limit; the
 * only error is one {@code FrameException} of the model's kind (oversized or truncated), after
 * which nothing more comes out; no exception escapes the pipeline; every buffer fed in is released;
 * and no allocation is larger than twice the bytes fed in (a header claiming 2^32 - 1 bytes must
 * not make the decoder reserve them).
 */
class FrameDecoderFuzzTest {

  private static final int HEADER = 4;

  @FuzzTest(maxDuration = "30s")
  @Timeout(value = 10, unit = TimeUnit.SECONDS)
  void frames(byte[] input) {
    if (input.length < 2) {
      return;
    }
    int limit = (input[0] & 0xff) * 16;
    byte[] stream = Arrays.copyOfRange(input, 2, input.length);
    check(stream, limit, FuzzSupport.chunkSizes(stream.length, input[1]));
  }

  @Test
  void aHeaderClaimingFourGigabytesIsRefusedAtOnceWithoutAllocatingIt() {
    byte[] stream = {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 1, 2, 3};
    Run run =
        assertTimeoutPreemptively(
            Duration.ofSeconds(2), () -> check(stream, 1024 * 1024, List.of(4, 3)));
    assertThat(run.errors).containsExactly(Misbehaviour.Kind.OVERSIZED_FRAME);
    assertThat(run.closedByHandler).isTrue();
    assertThat(run.largestAllocation).isLessThan(1024);
  }

  @Test
  void aHeaderClaimingTwoGigabytesJustOverALimitOfOneIsRefused() {
    byte[] stream = {0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff};
    Run run = check(stream, 1, List.of(1, 1, 1, 1));
    assertThat(run.errors).containsExactly(Misbehaviour.Kind.OVERSIZED_FRAME);
    assertThat(run.frames).isEmpty();
  }

  @Test
  void aStreamCutInsideAFrameIsTruncated() {
    byte[] stream = {0, 0, 0, 2, 7, 7, 0, 0, 0, 5, 1};
    Run run = check(stream, 16, List.of(1, 5, 0, 5));
    assertThat(run.frames).hasSize(1);
    assertThat(run.errors).containsExactly(Misbehaviour.Kind.TRUNCATED_FRAME);
  }

  /** What the decoder did with one stream. */
  static final class Run {
    final List<byte[]> frames = new ArrayList<>();
    final List<Misbehaviour.Kind> errors = new ArrayList<>();
    final List<Throwable> unexpected = new ArrayList<>();
    boolean frameAfterError;
    boolean closedByHandler;
    int largestAllocation;
  }

  /**
   * Runs the decoder on {@code stream} in chunks of {@code sizes} and checks it against the model.
   */
  static Run check(byte[] stream, int limit, List<Integer> sizes) {
    Run expected = model(stream, limit);
    Run actual = new Run();
    FuzzSupport.TrackingAllocator allocator = new FuzzSupport.TrackingAllocator();
    EmbeddedChannel channel =
        new EmbeddedChannel(FuzzSupport.newFrameDecoder(limit), new Collector(actual, limit));
    channel.config().setAllocator(allocator);
    FuzzSupport.Fed fed = FuzzSupport.feed(channel, stream, sizes);
    channel.finishAndReleaseAll();
    actual.largestAllocation = allocator.largestAllocation();

    if (!actual.unexpected.isEmpty()) {
      AssertionError failure =
          new AssertionError("the frame decoder raised something else than a frame error");
      actual.unexpected.forEach(failure::addSuppressed);
      throw failure;
    }
    assertThat(actual.frameAfterError).as("a frame came out after a frame error").isFalse();
    assertThat(actual.errors).as("errors").isEqualTo(expected.errors);
    assertThat(actual.frames).as("frames").hasSameSizeAs(expected.frames);
    for (int i = 0; i < expected.frames.size(); i++) {
      assertThat(actual.frames.get(i)).as("frame %d", i).isEqualTo(expected.frames.get(i));
    }
    for (ByteBuf chunk : fed.chunks()) {
      assertThat(chunk.refCnt()).as("a chunk fed in was not released").isZero();
    }
    // The decoder buffers only bytes it was given, whatever a header announces: Netty's cumulation
    // never needs more than every byte fed so far, and rounds a growing buffer up to at most twice
    // what it needs, never below 64 bytes.
    long bound = Math.max(64, 2L * fed.bytes());
    assertThat((long) actual.largestAllocation).as("largest allocation").isLessThanOrEqualTo(bound);
    return actual;
  }

  /** The frames and the error the format implies for a stream that ends where it ends. */
  static Run model(byte[] stream, int limit) {
    Run run = new Run();
    ByteBuffer in = ByteBuffer.wrap(stream);
    while (in.remaining() >= HEADER) {
      long length = Integer.toUnsignedLong(in.getInt(in.position()));
      if (length > limit) {
        run.errors.add(Misbehaviour.Kind.OVERSIZED_FRAME);
        return run;
      }
      if (in.remaining() - HEADER < length) {
        break;
      }
      in.position(in.position() + HEADER);
      byte[] frame = new byte[(int) length];
      in.get(frame);
      run.frames.add(frame);
    }
    if (in.hasRemaining()) {
      run.errors.add(Misbehaviour.Kind.TRUNCATED_FRAME);
    }
    return run;
  }

  /** The connection handler's part: takes frames, and closes on a frame error as it does. */
  private static final class Collector extends ChannelInboundHandlerAdapter {
    private final Run run;
    private final int limit;

    Collector(Run run, int limit) {
      this.run = run;
      this.limit = limit;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      // Nothing may throw here: Netty would turn it into an exceptionCaught event.
      if (!(msg instanceof ByteBuf frame)) {
        run.unexpected.add(new AssertionError("not a ByteBuf: " + msg));
        return;
      }
      try {
        run.frameAfterError |= !run.errors.isEmpty();
        if (frame.readableBytes() > limit) {
          run.unexpected.add(
              new AssertionError("a frame of " + frame.readableBytes() + " bytes > " + limit));
        }
        run.frames.add(ByteBufUtil.getBytes(frame));
      } finally {
        frame.release();
      }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      if (FuzzSupport.isFrameException(cause)) {
        run.errors.add(FuzzSupport.frameExceptionKind(cause));
      } else {
        run.unexpected.add(cause);
      }
      if (ctx.channel().isActive()) {
        run.closedByHandler = true;
      }
      ctx.close();
    }
  }
}
