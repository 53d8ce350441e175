package sovereign.policy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.text.Normalizer;

/**
 * The sandbox path rules: a path a subject gives is relative, {@code /}-separated, NFC, and cannot
 * leave {@code sandbox/<subject>/} by its text ({@link #problem}) or through symbolic links ({@link
 * #resolve}).
 */
final class SandboxPaths {

  static final int MAX_LENGTH = 4096;

  private SandboxPaths() {}

  /**
   * What is wrong with a path's text, or null if nothing: checks every character, allocating
   * nothing for an ASCII path.
   */
  static String problem(String path) {
    int n = path.length();
    if (n == 0) {
      return "the path is empty";
    }
    if (n > MAX_LENGTH) {
      return "the path is longer than " + MAX_LENGTH + " characters";
    }
    if (path.charAt(0) == '/') {
      return "'" + printable(path) + "' is absolute; give a path relative to the sandbox";
    }
    boolean ascii = true;
    int segmentStart = 0;
    for (int i = 0; i <= n; i++) {
      char c = i < n ? path.charAt(i) : '/';
      if (c == '/') {
        int length = i - segmentStart;
        if (length == 0) {
          return "'" + printable(path) + "' has an empty segment (// or a trailing /)";
        }
        if (path.charAt(segmentStart) == '.'
            && (length == 1 || (length == 2 && path.charAt(segmentStart + 1) == '.'))) {
          return "'" + printable(path) + "' has a . or .. segment; name files inside the sandbox";
        }
        segmentStart = i + 1;
      } else if (c < 0x20 || c == 0x7f) {
        return "'" + printable(path) + "' has a NUL or control character";
      } else if (c == '\\') {
        return "'" + printable(path) + "' has a backslash; separate folders with /";
      } else if (c == '%') {
        return "'" + printable(path) + "' has a % escape; give the path decoded";
      } else if (c >= 0x80) {
        ascii = false;
        String unusual = unusual(c);
        if (unusual != null) {
          return "'" + printable(path) + "' has " + unusual;
        }
      }
    }
    if (!ascii && !Normalizer.isNormalized(path, Normalizer.Form.NFKC)) {
      return "'"
          + printable(path)
          + "' is not in normal form or has compatibility look-alike characters (such as"
          + " \uff0e \uff0f or \ufb01); write it with plain characters, NFC";
    }
    return null;
  }

  /** The path in NFC, then checked: the text {@link Policy} decides on. */
  static String normalise(String path) {
    if (path == null) {
      throw new IllegalArgumentException("no path given");
    }
    String nfc = Normalizer.normalize(path, Normalizer.Form.NFC);
    String problem = problem(nfc);
    if (problem != null) {
      throw new IllegalArgumentException(problem);
    }
    return nfc;
  }

  /**
   * Resolves a checked relative path under a sandbox folder: every part that exists is followed
   * through symbolic links and must stay inside it; a link that leads nowhere is refused, since
   * writing through it would create its target.
   *
   * @throws IllegalArgumentException saying which part leads outside
   */
  static Path resolve(Path sandbox, String checked) throws IOException {
    Files.createDirectories(sandbox);
    Path root = sandbox.toRealPath();
    Path current = root;
    boolean exists = true;
    for (String segment : checked.split("/")) {
      Path next = current.resolve(segment);
      if (exists && Files.exists(next, LinkOption.NOFOLLOW_LINKS)) {
        Path real;
        try {
          real = next.toRealPath();
        } catch (IOException e) {
          throw new IllegalArgumentException(
              "'" + checked + "' passes through a symbolic link that leads nowhere: " + segment);
        }
        if (!real.startsWith(root)) {
          throw new IllegalArgumentException(
              "'" + checked + "' leads outside the sandbox through the symbolic link " + segment);
        }
        current = real;
      } else {
        exists = false;
        current = next;
      }
    }
    return current;
  }

  /** Characters that look like separators or dots, or hide text, without being them. */
  private static String unusual(char c) {
    return switch (c) {
      case '\u2215', '\u2044', '\u29f8', '\u2216', '\u29f5', '\u29f9', '\ufe68', '\uff3c' ->
          "a character that looks like a slash";
      case '\u200b', '\u200c', '\u200d', '\u200e', '\u200f', '\u2060', '\ufeff' ->
          "an invisible character";
      case '\u202a',
          '\u202b',
          '\u202c',
          '\u202d',
          '\u202e',
          '\u2066',
          '\u2067',
          '\u2068',
          '\u2069' ->
          "a text direction control";
      default -> null;
    };
  }

  private static String printable(String path) {
    StringBuilder out = new StringBuilder();
    int shown = Math.min(path.length(), 200);
    for (int i = 0; i < shown; i++) {
      char c = path.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return shown < path.length() ? out + "…" : out.toString();
  }
}
