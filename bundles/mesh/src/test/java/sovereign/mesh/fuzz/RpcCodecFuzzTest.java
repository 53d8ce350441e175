package sovereign.mesh.fuzz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import sovereign.mesh.gossip.MalformedRpcException;
import sovereign.mesh.gossip.Rpc;
import sovereign.mesh.gossip.RpcCodec;

/**
 * Fuzzes the gossip RPC decoder ({@link RpcCodec#decode}, which runs {@code RpcReader}) with raw
 * frames. Checked for every input, with a roomy codec and a tight one: the only exception is {@link
 * MalformedRpcException}; a frame that decodes re-encodes to the same bytes (the format has one
 * encoding per RPC) and so decodes again to an equal RPC.
 */
class RpcCodecFuzzTest {

  /** The caps of {@code RpcCodecTest}: 64 KiB frames, 4 KiB payloads. */
  static final RpcCodec ROOMY = new RpcCodec(64 * 1024, 4096);

  /** Caps that fuzzed frames can reach: 512-byte frames, 64-byte payloads. */
  static final RpcCodec TIGHT = new RpcCodec(512, 64);

  @FuzzTest(maxDuration = "30s")
  @Timeout(value = 10, unit = TimeUnit.SECONDS)
  void decode(byte[] frame) {
    roundTrip(ROOMY, frame);
    roundTrip(TIGHT, frame);
  }

  private static void roundTrip(RpcCodec codec, byte[] frame) {
    Rpc rpc;
    try {
      rpc = codec.decode(frame);
    } catch (MalformedRpcException expected) {
      return;
    }
    byte[] again = codec.encode(rpc);
    assertThat(again).as("re-encoding of a decoded frame").isEqualTo(frame);
    try {
      assertThat(codec.decode(again)).isEqualTo(rpc);
    } catch (MalformedRpcException e) {
      throw new AssertionError("a re-encoded RPC does not decode", e);
    }
  }

  @Test
  void countsClaimingMoreThanTheFrameHoldsAreRefusedQuickly() {
    // 65535 subscriptions (over the cap) and 1024 (at the cap) in a 13-byte frame.
    assertRefusedQuickly(frame(0xffff, 0, 0, 0, 0, 0), "over the cap");
    assertRefusedQuickly(frame(1024, 0, 0, 0, 0, 0), "cannot fit");
    // The same for each control kind, the last list before the end.
    assertRefusedQuickly(frame(0, 0, 0, 0, 0, 1024), "cannot fit");
    assertRefusedQuickly(frame(0, 0, 0, 0, 1024, 0), "cannot fit");
  }

  @Test
  void aPayloadLengthOfFourGigabytesIsRefusedBeforeAllocation() {
    ByteBuffer out = ByteBuffer.allocate(1 + 2 + 2 + 2 + 1 + 32 + 8 + 4 + 64 + 8);
    out.put((byte) 1).putShort((short) 0).putShort((short) 1);
    out.putShort((short) 1).put((byte) 't').put(new byte[32]).putLong(7);
    out.putInt(0xffffffff);
    assertRefusedQuickly(out.array(), "over the cap");
  }

  @Test
  void anIdCountOf5000InATinyIHaveIsRefused() {
    ByteBuffer out = ByteBuffer.allocate(1 + 2 * 5 + 2 + 1 + 2 + 2 + 32);
    out.put((byte) 1).putShort((short) 0).putShort((short) 0).putShort((short) 0);
    out.putShort((short) 0).putShort((short) 1).putShort((short) 1).put((byte) 't');
    out.putShort((short) 5000);
    assertRefusedQuickly(out.array(), "cannot fit");
  }

  /** A frame with these six counts and nothing else. */
  private static byte[] frame(int... counts) {
    ByteBuffer out = ByteBuffer.allocate(1 + 2 * counts.length);
    out.put((byte) RpcCodec.VERSION);
    for (int count : counts) {
      out.putShort((short) count);
    }
    return out.array();
  }

  private static void assertRefusedQuickly(byte[] frame, String reason) {
    assertTimeoutPreemptively(
        Duration.ofSeconds(1),
        () ->
            assertThatThrownBy(() -> ROOMY.decode(frame))
                .isInstanceOf(MalformedRpcException.class)
                .hasMessageContaining(reason));
  }
}
