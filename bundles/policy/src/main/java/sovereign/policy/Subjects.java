package sovereign.policy;

import java.util.regex.Pattern;

/** Subject (skill) names: each is also a folder name under the node's sandbox/. */
final class Subjects {

  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");

  private Subjects() {}

  static boolean valid(String subject) {
    return subject != null && NAME.matcher(subject).matches();
  }

  /**
   * @throws IllegalArgumentException quoting the name and saying what a subject name is
   */
  static String check(String subject) {
    if (!valid(subject)) {
      throw new IllegalArgumentException(
          "'"
              + subject
              + "' is not a subject name; use a skill name of lower-case letters, digits, . _"
              + " and -, starting with a letter or digit, at most 64 characters");
    }
    return subject;
  }
}
