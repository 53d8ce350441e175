package sovereign.policy;

/**
 * A compiled pattern: {@code **} matches any characters, {@code *} any characters except the
 * separator (any characters when there is none), everything else itself. Matching allocates
 * nothing.
 */
final class Glob {

  /** No separator: {@code *} and {@code **} are the same. */
  static final char NONE = 0;

  private final String text;
  private final char[] pattern;
  private final char separator;
  private final boolean literal;

  Glob(String text, char separator) {
    this.text = text;
    this.pattern = text.toCharArray();
    this.separator = separator;
    this.literal = text.indexOf('*') < 0;
  }

  String text() {
    return text;
  }

  boolean literal() {
    return literal;
  }

  boolean matches(String s) {
    return literal ? text.equals(s) : match(0, s, 0);
  }

  private boolean match(int pi, String s, int si) {
    while (pi < pattern.length) {
      char c = pattern[pi];
      if (c == '*') {
        boolean any = separator == NONE || (pi + 1 < pattern.length && pattern[pi + 1] == '*');
        int next = pi + 1;
        while (next < pattern.length && pattern[next] == '*') {
          next++;
        }
        if (next == pattern.length) {
          return any || s.indexOf(separator, si) < 0;
        }
        for (int k = si; k <= s.length(); k++) {
          if (match(next, s, k)) {
            return true;
          }
          if (k < s.length() && !any && s.charAt(k) == separator) {
            return false;
          }
        }
        return false;
      }
      if (si >= s.length() || s.charAt(si) != c) {
        return false;
      }
      pi++;
      si++;
    }
    return si == s.length();
  }

  @Override
  public String toString() {
    return text;
  }
}
