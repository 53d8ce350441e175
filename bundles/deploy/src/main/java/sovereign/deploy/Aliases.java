package sovereign.deploy;

import java.util.regex.Pattern;

/** Publisher aliases: also file names in the trust directory, so no separators or dots first. */
final class Aliases {

  private static final Pattern ALIAS = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,63}");

  private Aliases() {}

  /**
   * @throws IllegalArgumentException unless the alias is 1 to 64 letters, digits, '-' or '_',
   *     starting with a letter or digit
   */
  static String check(String alias) {
    if (alias == null || !ALIAS.matcher(alias).matches()) {
      throw new IllegalArgumentException(
          "'"
              + alias
              + "' is not a publisher alias (1 to 64 letters, digits, '-' or '_', starting with a"
              + " letter or digit)");
    }
    return alias;
  }
}
