package sovereign.mesh.gossip;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Topic names: 1 to {@value #MAX_BYTES} bytes of well-formed UTF-8.
 *
 * <p>A name that is not well-formed (an unpaired surrogate) would not survive the round trip
 * through the wire format, so it is refused at construction rather than silently altered.
 */
final class Topics {

  /** Longest topic name in UTF-8 bytes. */
  static final int MAX_BYTES = 256;

  private Topics() {}

  /** The UTF-8 bytes of a valid topic name, or an {@link IllegalArgumentException}. */
  static byte[] encode(String topic) {
    if (topic == null || topic.isEmpty()) {
      throw new IllegalArgumentException("a topic name must not be empty");
    }
    ByteBuffer encoded;
    try {
      encoded =
          StandardCharsets.UTF_8
              .newEncoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .encode(CharBuffer.wrap(topic));
    } catch (CharacterCodingException e) {
      throw new IllegalArgumentException("a topic name must be well-formed Unicode", e);
    }
    if (encoded.remaining() > MAX_BYTES) {
      throw new IllegalArgumentException(
          "a topic name has at most " + MAX_BYTES + " UTF-8 bytes, not " + encoded.remaining());
    }
    byte[] bytes = new byte[encoded.remaining()];
    encoded.get(bytes);
    return bytes;
  }

  /** Checks a topic name and returns it. */
  static String check(String topic) {
    encode(topic);
    return topic;
  }
}
