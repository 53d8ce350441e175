package sovereign.mesh.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import sovereign.mesh.request.MalformedRequestException;
import sovereign.mesh.request.RequestCodec;
import sovereign.mesh.request.RequestFrame;

/**
 * Fuzzes the request/response frame decoder ({@link RequestCodec#decode}) with raw frames, with the
 * node's codec and a tight one. The only exception is {@link MalformedRequestException}; a frame
 * that decodes re-encodes to the same bytes (one encoding per frame) and decodes again to an equal
 * frame.
 */
class RequestCodecFuzzTest {

  /** The node's codec: 1 MiB bodies. */
  static final RequestCodec NODE = new RequestCodec(RequestCodec.DEFAULT_MAX_BODY_BYTES);

  /** The smallest codec: bodies and error sentences share the same 1 KiB cap. */
  static final RequestCodec TIGHT = new RequestCodec(RequestCodec.MAX_ERROR_BYTES);

  @FuzzTest(maxDuration = "30s")
  @Timeout(value = 10, unit = TimeUnit.SECONDS)
  void decode(byte[] frame) {
    roundTrip(NODE, frame);
    roundTrip(TIGHT, frame);
  }

  private static void roundTrip(RequestCodec codec, byte[] frame) {
    RequestFrame decoded;
    try {
      decoded = codec.decode(frame);
    } catch (MalformedRequestException expected) {
      return;
    }
    byte[] again = codec.encode(decoded);
    assertThat(again).as("re-encoding of a decoded frame").isEqualTo(frame);
    try {
      assertThat(codec.decode(again)).isEqualTo(decoded);
    } catch (MalformedRequestException e) {
      throw new AssertionError("a re-encoded frame does not decode", e);
    }
  }
}
