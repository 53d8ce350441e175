package sovereign.deploy;

import java.util.Locale;

/**
 * What a trusted publisher may sign: {@code skills} (skill bundles only) or {@code core} (core
 * bundles and skills). A skills publisher can never update a core bundle.
 */
public enum Scope {
  SKILLS,
  CORE;

  /** The name used in the trust index and on the command line: {@code skills} or {@code core}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Reads {@code skills} or {@code core}.
   *
   * @throws IllegalArgumentException for any other text
   */
  public static Scope parse(String text) {
    for (Scope scope : values()) {
      if (scope.label().equals(text)) {
        return scope;
      }
    }
    throw new IllegalArgumentException(
        "unknown scope '" + text + "'; a publisher's scope is skills or core");
  }

  /** Whether a publisher with this scope may sign a bundle that needs {@code needed}. */
  public boolean covers(Scope needed) {
    return this == CORE || needed == SKILLS;
  }
}
