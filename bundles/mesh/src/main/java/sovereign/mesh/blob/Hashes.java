package sovereign.mesh.blob;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 names of blobs: parsing what users type, and hashing. */
final class Hashes {

  private Hashes() {}

  /** A blob's name in lower case, or an {@link IllegalArgumentException} quoting the input. */
  static String parse(String sha256) {
    if (sha256 == null || sha256.length() != 64 || !isHex(sha256)) {
      throw new IllegalArgumentException(
          "'"
              + sha256
              + "' is not a SHA-256: give 64 hexadecimal digits, as mesh:blob list or mesh:blob"
              + " put prints them");
    }
    return sha256.toLowerCase(java.util.Locale.ROOT);
  }

  /** Whether a file name is a blob's: 64 lower-case hexadecimal digits. */
  static boolean isName(String name) {
    return name.length() == 64
        && isHex(name)
        && name.equals(name.toLowerCase(java.util.Locale.ROOT));
  }

  private static boolean isHex(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (Character.digit(s.charAt(i), 16) < 0) {
        return false;
      }
    }
    return true;
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  static byte[] sha256(byte[] bytes, int length) {
    MessageDigest d = sha256();
    d.update(bytes, 0, length);
    return d.digest();
  }

  static String hex(byte[] bytes) {
    return HexFormat.of().formatHex(bytes);
  }
}
