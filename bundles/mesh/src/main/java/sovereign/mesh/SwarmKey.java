package sovereign.mesh;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * The pre-shared key of one swarm, in the libp2p private-network ("pnet") {@code swarm.key} format:
 *
 * <pre>
 * /key/swarm/psk/1.0.0/
 * /base16/
 * &lt;64 hexadecimal digits: the 32-byte key&gt;
 * </pre>
 *
 * <p>Lines end with {@code \n} or {@code \r\n}; a final line ending is optional. Parsing is strict:
 * a wrong header, an encoding other than {@code /base16/} (such as libp2p's {@code /base64/} or
 * {@code /bin/}, refused by name), a key of the wrong length, a non-hex digit or anything after the
 * third line is an {@link IllegalArgumentException} that says which line is wrong. The header lines
 * are quoted in the message; the key line never is, since it is (nearly) the secret.
 *
 * <p>The key never appears in {@link #toString()}; {@link #fingerprint()} names it in logs.
 */
public final class SwarmKey {

  /** First line of the format. */
  public static final String HEADER = "/key/swarm/psk/1.0.0/";

  /** Second line: the only encoding supported. */
  public static final String ENCODING = "/base16/";

  /** Length of the key in bytes. */
  public static final int KEY_BYTES = 32;

  /** A well-formed file is under 100 bytes; anything much longer is not a swarm key. */
  static final int MAX_FILE_BYTES = 1024;

  private static final String FINGERPRINT_DOMAIN = "sovereign/swarm-key/fingerprint/v1";
  private static final HexFormat HEX = HexFormat.of();

  private final byte[] key;

  private SwarmKey(byte[] key) {
    this.key = key;
  }

  /** A key from its 32 raw bytes (copied). */
  public static SwarmKey of(byte[] key) {
    if (key.length != KEY_BYTES) {
      throw new IllegalArgumentException(
          "a swarm key has " + KEY_BYTES + " bytes, not " + key.length);
    }
    return new SwarmKey(key.clone());
  }

  /** A new random key for a new swarm. */
  public static SwarmKey generate(SecureRandom random) {
    byte[] key = new byte[KEY_BYTES];
    random.nextBytes(key);
    return new SwarmKey(key);
  }

  /** A new random key from a fresh {@link SecureRandom}. */
  public static SwarmKey generate() {
    return generate(new SecureRandom());
  }

  /** Parses the text of a {@code swarm.key} file. */
  public static SwarmKey parse(String text) {
    String[] lines = text.split("\n", -1);
    // One final line ending is allowed: it leaves an empty last element.
    int count = lines.length;
    if (count > 0 && lines[count - 1].isEmpty()) {
      count--;
    }
    for (int i = 0; i < count; i++) {
      if (lines[i].endsWith("\r")) {
        lines[i] = lines[i].substring(0, lines[i].length() - 1);
      }
    }
    if (count < 1 || !HEADER.equals(lines[0])) {
      throw new IllegalArgumentException(
          "swarm key line 1 must be '" + HEADER + "', was " + quote(count < 1 ? "" : lines[0]));
    }
    if (count < 2) {
      throw new IllegalArgumentException(
          "swarm key line 2 is missing: expected '" + ENCODING + "'");
    }
    String encoding = lines[1];
    if (!ENCODING.equals(encoding)) {
      if (encoding.equals("/base64/") || encoding.equals("/bin/")) {
        throw new IllegalArgumentException(
            "swarm key line 2: encoding "
                + quote(encoding)
                + " is not supported, only '"
                + ENCODING
                + "'");
      }
      throw new IllegalArgumentException(
          "swarm key line 2 must be '" + ENCODING + "', was " + quote(encoding));
    }
    if (count < 3) {
      throw new IllegalArgumentException(
          "swarm key line 3 is missing: expected " + 2 * KEY_BYTES + " hexadecimal digits");
    }
    if (count > 3) {
      throw new IllegalArgumentException(
          "swarm key has " + count + " lines, expected 3; line 4 is " + quote(lines[3]));
    }
    String hex = lines[2];
    if (hex.length() != 2 * KEY_BYTES) {
      throw new IllegalArgumentException(
          "swarm key line 3 must be "
              + 2 * KEY_BYTES
              + " hexadecimal digits ("
              + KEY_BYTES
              + " bytes), has "
              + hex.length()
              + " characters");
    }
    for (int i = 0; i < hex.length(); i++) {
      if (!isHexDigit(hex.charAt(i))) {
        throw new IllegalArgumentException(
            "swarm key line 3 must be hexadecimal digits; column "
                + (i + 1)
                + " is not (the key line is not quoted: it is secret)");
      }
    }
    return new SwarmKey(HEX.parseHex(hex));
  }

  /** Parses the bytes of a {@code swarm.key} file (ASCII). */
  public static SwarmKey parse(byte[] content) {
    if (content.length > MAX_FILE_BYTES) {
      throw new IllegalArgumentException(
          "swarm key file has "
              + content.length
              + " bytes, at most "
              + MAX_FILE_BYTES
              + " expected");
    }
    return parse(new String(content, StandardCharsets.UTF_8));
  }

  /** Reads a {@code swarm.key} file; a malformed one is an {@link IllegalArgumentException}. */
  public static SwarmKey read(Path file) throws IOException {
    if (Files.size(file) > MAX_FILE_BYTES) {
      throw new IllegalArgumentException(
          file + " has " + Files.size(file) + " bytes: not a swarm key");
    }
    try {
      return parse(Files.readAllBytes(file));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
    }
  }

  /** The file text: three lines, lowercase hex, each ending with {@code \n}. */
  public String encode() {
    return HEADER + "\n" + ENCODING + "\n" + HEX.formatHex(key) + "\n";
  }

  /**
   * Writes a new {@code swarm.key} file, readable only by its owner where the file system has POSIX
   * permissions. Never overwrites: an existing file is a {@link
   * java.nio.file.FileAlreadyExistsException}, since replacing a swarm key cuts the node off.
   */
  public void writeNew(Path file) throws IOException {
    byte[] content = encode().getBytes(StandardCharsets.US_ASCII);
    if (Files.getFileStore(file.toAbsolutePath().getParent()).supportsFileAttributeView("posix")) {
      Files.createFile(
          file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Files.write(file, content, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
    } else {
      Files.write(file, content, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    }
  }

  /** The raw 32 bytes (a copy), for the cipher. */
  public byte[] bytes() {
    return key.clone();
  }

  /**
   * A short name for this key in logs and diagnostics: 16 hex digits of SHA-256 over a
   * domain-separation string and the key. It tells two keys apart and reveals nothing of the key.
   */
  public String fingerprint() {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(FINGERPRINT_DOMAIN.getBytes(StandardCharsets.US_ASCII));
      sha.update(key);
      return HEX.formatHex(sha.digest(), 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SwarmKey other && MessageDigest.isEqual(key, other.key);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(fingerprint().getBytes(StandardCharsets.US_ASCII));
  }

  @Override
  public String toString() {
    return "SwarmKey[" + fingerprint() + "]";
  }

  private static boolean isHexDigit(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }

  /** Quotes a header line for an error message: at most 60 characters, controls escaped. */
  private static String quote(String line) {
    StringBuilder out = new StringBuilder("'");
    int limit = Math.min(line.length(), 60);
    for (int i = 0; i < limit; i++) {
      char c = line.charAt(i);
      if (c < 0x20 || c == 0x7f || (c >= 0x80 && !Character.isLetterOrDigit(c))) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    if (line.length() > limit) {
      out.append("...");
    }
    return out.append('\'').toString();
  }
}
