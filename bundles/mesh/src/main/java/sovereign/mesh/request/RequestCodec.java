package sovereign.mesh.request;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import sovereign.mesh.wire.StrictUtf8;

/**
 * The bytes of a {@link RequestFrame}: deterministic (one encoding per frame), big-endian, strict.
 *
 * <pre>
 * frame    = kind:u8 (=2) status:u8 id:u64 [protocol, requests only] bodyLength:u32 body
 * status   = 0 request | 1 OK | 2 NO_HANDLER | 3 HANDLER_FAILED | 4 BUSY | 5 TOO_LARGE
 * protocol = length:u16 (1..256) well-formed UTF-8
 * </pre>
 *
 * <p>The kind byte tells these frames from gossip RPCs, whose first byte is their version, 1. A
 * body is at most {@code maxBodyBytes}; the body of an error status is a well-formed UTF-8 sentence
 * of at most {@value #MAX_ERROR_BYTES} bytes. Nothing may follow the body. The decoder checks each
 * length against its cap and the bytes left before it allocates.
 *
 * <p>Thread-safe: immutable.
 */
public final class RequestCodec {

  /** The first byte of every request/response frame. */
  public static final int KIND = 2;

  /** Longest protocol name, in UTF-8 bytes. */
  public static final int MAX_PROTOCOL_BYTES = 256;

  /** Longest error sentence, in UTF-8 bytes. */
  public static final int MAX_ERROR_BYTES = 1024;

  /** The default cap on a request or response body: 1 MiB, well inside the 4 MiB frame. */
  public static final int DEFAULT_MAX_BODY_BYTES = 1 << 20;

  /** Bytes of a frame besides its protocol name and body. */
  static final int HEADER_BYTES = 1 + 1 + 8 + 4;

  private final int maxBodyBytes;

  /** A codec whose bodies are at most {@code maxBodyBytes}. */
  public RequestCodec(int maxBodyBytes) {
    if (maxBodyBytes < MAX_ERROR_BYTES) {
      throw new IllegalArgumentException(
          "maxBodyBytes must be at least " + MAX_ERROR_BYTES + ", not " + maxBodyBytes);
    }
    this.maxBodyBytes = maxBodyBytes;
  }

  /** The largest body this codec reads or writes. */
  public int maxBodyBytes() {
    return maxBodyBytes;
  }

  /** The largest frame this codec writes. */
  public int maxFrameBytes() {
    return HEADER_BYTES + 2 + MAX_PROTOCOL_BYTES + maxBodyBytes;
  }

  /** Whether a frame is a request/response frame rather than a gossip RPC. */
  public static boolean isRequestFrame(byte[] frame) {
    return frame.length > 0 && frame[0] == KIND;
  }

  /** The UTF-8 bytes of a valid protocol name, or an {@link IllegalArgumentException}. */
  public static byte[] protocolBytes(String protocol) {
    return StrictUtf8.name(protocol, "a protocol name", MAX_PROTOCOL_BYTES);
  }

  /**
   * An error sentence cut to fit {@value #MAX_ERROR_BYTES} UTF-8 bytes, on a character boundary.
   */
  public static byte[] errorBytes(String message) {
    String text = message == null ? "" : message.strip();
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    if (bytes.length <= MAX_ERROR_BYTES) {
      return bytes;
    }
    // Keep whole code points up to the cap less the three bytes of the ellipsis.
    StringBuilder kept = new StringBuilder();
    int size = 0;
    for (int i = 0; i < text.length(); ) {
      int cp = text.codePointAt(i);
      int n = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8).length;
      if (size + n > MAX_ERROR_BYTES - 3) {
        break;
      }
      kept.appendCodePoint(cp);
      size += n;
      i += Character.charCount(cp);
    }
    return kept.append('…').toString().getBytes(StandardCharsets.UTF_8);
  }

  /** The bytes of a frame; {@link IllegalArgumentException} if it breaks a cap. */
  public byte[] encode(RequestFrame f) {
    byte[] protocol = f.isRequest() ? protocolBytes(f.protocol()) : new byte[0];
    int cap =
        f.isRequest() || f.status() == RequestFrame.Status.OK ? maxBodyBytes : MAX_ERROR_BYTES;
    if (f.body().length > cap) {
      throw new IllegalArgumentException(
          "a " + f.status() + " body has at most " + cap + " bytes, not " + f.body().length);
    }
    ByteBuffer out =
        ByteBuffer.allocate(
            HEADER_BYTES + (f.isRequest() ? 2 + protocol.length : 0) + f.body().length);
    out.put((byte) KIND).put((byte) f.status().code).putLong(f.id());
    if (f.isRequest()) {
      out.putShort((short) protocol.length).put(protocol);
    }
    out.putInt(f.body().length).put(f.body());
    return out.array();
  }

  /** The frame in {@code bytes}, or a {@link MalformedRequestException} saying why not. */
  public RequestFrame decode(byte[] bytes) throws MalformedRequestException {
    if (bytes == null) {
      throw new MalformedRequestException("no frame");
    }
    ByteBuffer in = ByteBuffer.wrap(bytes);
    need(in, 10, "kind, status and id");
    int kind = in.get() & 0xff;
    if (kind != KIND) {
      throw new MalformedRequestException("kind " + kind + " at offset 0, expected " + KIND);
    }
    int code = in.get() & 0xff;
    RequestFrame.Status status = RequestFrame.Status.of(code);
    if (status == null) {
      throw new MalformedRequestException("unknown status " + code + " at offset 1");
    }
    long id = in.getLong();
    String protocol = "";
    if (status == RequestFrame.Status.REQUEST) {
      need(in, 2, "protocol length");
      int length = in.getShort() & 0xffff;
      if (length == 0 || length > MAX_PROTOCOL_BYTES) {
        throw new MalformedRequestException(
            "protocol length " + length + " at offset 10 is not 1.." + MAX_PROTOCOL_BYTES);
      }
      protocol = utf8(in, length, "protocol");
    }
    need(in, 4, "body length");
    int at = in.position();
    long length = in.getInt() & 0xffffffffL;
    long cap =
        status == RequestFrame.Status.REQUEST || status == RequestFrame.Status.OK
            ? maxBodyBytes
            : MAX_ERROR_BYTES;
    if (length > cap) {
      throw new MalformedRequestException(
          "body length " + length + " at offset " + at + " is over the cap of " + cap);
    }
    if (length != in.remaining()) {
      throw new MalformedRequestException(
          "body length "
              + length
              + " at offset "
              + at
              + " but "
              + in.remaining()
              + " bytes follow");
    }
    byte[] body = new byte[(int) length];
    if (cap == MAX_ERROR_BYTES) {
      utf8(in.duplicate(), body.length, "error sentence"); // Checked, then kept byte for byte.
    }
    in.get(body);
    return new RequestFrame(status, id, protocol, body);
  }

  private static void need(ByteBuffer in, int n, String what) throws MalformedRequestException {
    if (in.remaining() < n) {
      throw new MalformedRequestException(
          "truncated at offset " + in.position() + ": " + what + " needs " + n + " bytes");
    }
  }

  private static String utf8(ByteBuffer in, int length, String what)
      throws MalformedRequestException {
    need(in, length, what);
    int at = in.position();
    ByteBuffer slice = in.slice(at, length);
    in.position(at + length);
    return StrictUtf8.decode(slice)
        .orElseThrow(
            () ->
                new MalformedRequestException(
                    what + " at offset " + at + " is not well-formed UTF-8"));
  }
}
