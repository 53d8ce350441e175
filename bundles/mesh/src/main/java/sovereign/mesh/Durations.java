package sovereign.mesh;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as the shell takes them: a number and a unit, {@code 30s}, {@code 10m}, {@code 2h}. */
final class Durations {

  private static final Pattern FORM = Pattern.compile("(\\d{1,9})([smhd])");

  private Durations() {}

  /** Parses {@code 30s}, {@code 10m}, {@code 2h} or {@code 1d}; quotes bad input. */
  static Duration parse(String text) {
    Matcher m = FORM.matcher(text == null ? "" : text.strip());
    if (!m.matches() || Long.parseLong(m.group(1)) == 0) {
      throw new IllegalArgumentException(
          "'"
              + text
              + "' is not a duration: use a positive number and a unit (s, m, h or d), like 30s,"
              + " 10m, 2h or 1d");
    }
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "s" -> Duration.ofSeconds(n);
      case "m" -> Duration.ofMinutes(n);
      case "h" -> Duration.ofHours(n);
      default -> Duration.ofDays(n);
    };
  }

  /** {@code 1h 5m}, {@code 42s}: for the shell. */
  static String format(Duration d) {
    long s = Math.max(0, d.toSeconds());
    if (s >= 86_400) {
      return s / 86_400 + "d " + (s % 86_400) / 3600 + "h";
    }
    if (s >= 3600) {
      return s / 3600 + "h " + (s % 3600) / 60 + "m";
    }
    if (s >= 60) {
      return s / 60 + "m " + s % 60 + "s";
    }
    return s + "s";
  }
}
