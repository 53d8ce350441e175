package sovereign.mesh.gossip;

import sovereign.mesh.wire.StrictUtf8;

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
    return StrictUtf8.name(topic, "a topic name", MAX_BYTES);
  }

  /** Checks a topic name and returns it. */
  static String check(String topic) {
    encode(topic);
    return topic;
  }
}
