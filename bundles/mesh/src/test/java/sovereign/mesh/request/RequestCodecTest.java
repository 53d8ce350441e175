package sovereign.mesh.request;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import sovereign.mesh.request.RequestFrame.Status;

class RequestCodecTest {

  private final RequestCodec codec = new RequestCodec(4096);

  @Test
  void aRequestHasTheDocumentedBytes() {
    byte[] bytes = codec.encode(RequestFrame.request(258, "/p", new byte[] {7, 8}));
    assertThat(HexFormat.of().formatHex(bytes))
        .isEqualTo("02" + "00" + "0000000000000102" + "0002" + "2f70" + "00000002" + "0708");
  }

  @Test
  void aResponseHasNoProtocol() {
    byte[] bytes = codec.encode(RequestFrame.response(1, Status.OK, new byte[] {9}));
    assertThat(HexFormat.of().formatHex(bytes))
        .isEqualTo("02" + "01" + "0000000000000001" + "00000001" + "09");
  }

  @Test
  void everyKindOfFrameRoundTrips() throws Exception {
    for (RequestFrame f :
        new RequestFrame[] {
          RequestFrame.request(-1L, "/sovereign/blob/1", new byte[4096]),
          RequestFrame.request(0, "é/ü/😀", new byte[0]),
          RequestFrame.response(5, Status.OK, new byte[4096]),
          RequestFrame.response(6, Status.NO_HANDLER, utf8("no handler for /x")),
          RequestFrame.response(7, Status.HANDLER_FAILED, utf8("ärger")),
          RequestFrame.response(8, Status.BUSY, new byte[0]),
          RequestFrame.response(9, Status.TOO_LARGE, utf8("too large")),
        }) {
      byte[] bytes = codec.encode(f);
      assertThat(codec.decode(bytes)).isEqualTo(f);
      assertThat(RequestCodec.isRequestFrame(bytes)).isTrue();
    }
  }

  @Test
  void malformedFramesAreRefusedSayingWhy() {
    byte[] good = codec.encode(RequestFrame.request(1, "/p", new byte[] {1, 2, 3}));
    refused(new byte[0], "truncated");
    refused(new byte[] {1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}, "kind 1");
    refused(patch(good, 1, 6), "unknown status 6");
    refused(patch(patch(good, 10, 0), 11, 0), "protocol length 0");
    refused(patch(patch(good, 10, 1), 11, 1), "protocol length 257");
    refused(patch(good, 12, 0xff), "not well-formed UTF-8");
    refused(java.util.Arrays.copyOf(good, good.length - 1), "3 bytes follow".replace('3', '2'));
    refused(java.util.Arrays.copyOf(good, good.length + 1), "but 4 bytes follow");
    refused(java.util.Arrays.copyOf(good, 13), "truncated at offset 12");
    // A body length of 4 GiB is refused from its four bytes, before any allocation.
    refused(
        ByteBuffer.allocate(14).put((byte) 2).put((byte) 1).putLong(1).putInt(-1).array(),
        "over the cap of 4096");
    // An error sentence is capped lower than a body, and must be text.
    byte[] error = codec.encode(RequestFrame.response(1, Status.HANDLER_FAILED, utf8("x")));
    refused(patch(error, 14, 0xc3), "error sentence at offset 14 is not well-formed UTF-8");
    refused(
        ByteBuffer.allocate(14 + 1025)
            .put((byte) 2)
            .put((byte) 3)
            .putLong(1)
            .putInt(1025)
            .put(new byte[1025])
            .array(),
        "over the cap of 1024");
  }

  @Test
  void theEncoderRefusesWhatTheDecoderWould() {
    assertThatThrownBy(() -> codec.encode(RequestFrame.request(1, "/p", new byte[4097])))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> codec.encode(RequestFrame.request(1, "p".repeat(257), new byte[0])))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("256");
    assertThatThrownBy(() -> codec.encode(RequestFrame.response(1, Status.BUSY, new byte[1025])))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RequestFrame.response(1, Status.REQUEST, new byte[0]))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aLongErrorIsTrimmedToFitOnACharacterBoundary() throws Exception {
    byte[] trimmed = RequestCodec.errorBytes("  " + "ü".repeat(2000) + "  ");
    assertThat(trimmed.length).isLessThanOrEqualTo(RequestCodec.MAX_ERROR_BYTES);
    String text = new String(trimmed, StandardCharsets.UTF_8);
    assertThat(text).startsWith("üü").endsWith("…").doesNotContain("\uFFFD");
    assertThat(RequestCodec.errorBytes(" short ")).isEqualTo(utf8("short"));
  }

  private void refused(byte[] frame, String reason) {
    assertThatThrownBy(() -> codec.decode(frame))
        .isInstanceOf(MalformedRequestException.class)
        .hasMessageContaining(reason);
  }

  private static byte[] patch(byte[] bytes, int at, int value) {
    byte[] copy = bytes.clone();
    copy[at] = (byte) value;
    return copy;
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
