package sovereign.mesh.wire;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * UTF-8 for the wire formats: malformed input is an error, never a replacement character, so one
 * text has exactly one encoding and a decoder never accepts bytes it could not write back.
 */
public final class StrictUtf8 {

  private StrictUtf8() {}

  /** The text of {@code bytes} (from position to limit), or empty if not well-formed UTF-8. */
  public static Optional<String> decode(ByteBuffer bytes) {
    try {
      return Optional.of(
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(bytes)
              .toString());
    } catch (CharacterCodingException e) {
      return Optional.empty();
    }
  }

  /** The text of {@code bytes}, or empty if not well-formed UTF-8. */
  public static Optional<String> decode(byte[] bytes) {
    return decode(ByteBuffer.wrap(bytes));
  }

  /**
   * The UTF-8 bytes of a name (a topic, a protocol): not empty, well-formed, at most {@code
   * maxBytes}.
   *
   * @param what what the name is, for the error message, like "a topic name"
   * @throws IllegalArgumentException saying which rule the name breaks
   */
  public static byte[] name(String text, String what, int maxBytes) {
    if (text == null || text.isEmpty()) {
      throw new IllegalArgumentException(what + " must not be empty");
    }
    ByteBuffer encoded;
    try {
      encoded =
          StandardCharsets.UTF_8
              .newEncoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .encode(CharBuffer.wrap(text));
    } catch (CharacterCodingException e) {
      throw new IllegalArgumentException(what + " must be well-formed Unicode", e);
    }
    if (encoded.remaining() > maxBytes) {
      throw new IllegalArgumentException(
          what + " has at most " + maxBytes + " UTF-8 bytes, not " + encoded.remaining());
    }
    byte[] bytes = new byte[encoded.remaining()];
    encoded.get(bytes);
    return bytes;
  }
}
