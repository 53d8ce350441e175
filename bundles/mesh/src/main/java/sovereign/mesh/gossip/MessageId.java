package sovereign.mesh.gossip;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * The id of a gossip message: the SHA-256 of its signed content (see {@link SignedContent}).
 *
 * <p>gossipsub-v1.0 §Message Cache keys both the seen cache and the message cache by id, and
 * IHAVE/IWANT carry ids. Hashing the whole signed content (rather than origin and seqno only) binds
 * the id to the payload: a second, different payload under the same origin and seqno gets another
 * id, and a copy with a forged signature of an already-seen message can do no harm because it
 * carries exactly the content we already verified.
 */
public record MessageId(byte[] bytes) {

  /** Length of a SHA-256 digest. */
  public static final int BYTES = 32;

  private static final HexFormat HEX = HexFormat.of();

  /** Checks the length and copies. */
  public MessageId {
    if (bytes == null || bytes.length != BYTES) {
      throw new IllegalArgumentException(
          "a message id has " + BYTES + " bytes, not " + (bytes == null ? "null" : bytes.length));
    }
    bytes = bytes.clone();
  }

  /** A copy of the id bytes. */
  @Override
  public byte[] bytes() {
    return bytes.clone();
  }

  /** The id bytes without a copy, for the encoder. */
  byte[] raw() {
    return bytes;
  }

  /** The id as 64 lowercase hexadecimal digits. */
  public String hex() {
    return HEX.formatHex(bytes);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof MessageId id && Arrays.equals(bytes, id.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    return "MessageId[" + hex().substring(0, 16) + "…]";
  }
}
