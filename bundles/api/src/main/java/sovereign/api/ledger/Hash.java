package sovereign.api.ledger;

import java.util.Arrays;
import java.util.HexFormat;

/** A SHA-256 digest (32 bytes), printed in lower-case hex. */
public final class Hash implements Comparable<Hash> {

  /** Bytes in a hash. */
  public static final int LENGTH = 32;

  /** The previous hash of every actor's first entry: 32 zero bytes. */
  public static final Hash ZERO = new Hash(new byte[LENGTH]);

  private final byte[] bytes;

  private Hash(byte[] bytes) {
    this.bytes = bytes;
  }

  /**
   * A hash from its 32 bytes (copied).
   *
   * @throws IllegalArgumentException if there are not 32
   */
  public static Hash of(byte[] bytes) {
    if (bytes == null || bytes.length != LENGTH) {
      throw new IllegalArgumentException(
          "a hash has 32 bytes, got " + (bytes == null ? "none" : bytes.length));
    }
    return new Hash(bytes.clone());
  }

  /**
   * Parses 64 hex digits.
   *
   * @throws IllegalArgumentException quoting the text
   */
  public static Hash parse(String hex) {
    try {
      return of(HexFormat.of().parseHex(hex == null ? "" : hex.strip()));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("'" + hex + "' is not a hash: 64 hex digits expected");
    }
  }

  /** The 32 bytes (a copy). */
  public byte[] bytes() {
    return bytes.clone();
  }

  @Override
  public String toString() {
    return HexFormat.of().formatHex(bytes);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Hash other && Arrays.equals(bytes, other.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  @Override
  public int compareTo(Hash o) {
    return Arrays.compareUnsigned(bytes, o.bytes);
  }
}
