package sovereign.identity;

import java.util.Map;
import java.util.TreeMap;

/** Fingerprint components of made-up machines, so tests never depend on the real one. */
final class Machines {

  static final Map<String, String> ALPHA =
      Map.of(
          "cpu", "GenuineIntel|Intel(R) Xeon(R) Gold 6230|6|85|7|BFEBFBFF00050657",
          "memory", "64",
          "hostname", "alpha.example",
          "machine-uuid", "4c4c4544-0042-3510-8052-b4c04f384d32");

  static final Map<String, String> BETA =
      Map.of(
          "cpu", "AuthenticAMD|AMD EPYC 7543 32-Core Processor|25|1|1|178BFBFF00A00F11",
          "memory", "128",
          "hostname", "beta.example",
          "machine-uuid", "0f0e0d0c-0b0a-0908-0706-050403020100");

  private Machines() {}

  /**
   * Fails if a raw component value shows up in {@code text}. Short values (memory) are looked for
   * as whole tokens, since hex hashes contain short digit runs by chance.
   */
  static void assertNoRawValues(String text, Map<String, String> machine) {
    for (String value : machine.values()) {
      if (value.length() >= 8) {
        org.assertj.core.api.Assertions.assertThat(text).doesNotContain(value);
      } else {
        org.assertj.core.api.Assertions.assertThat(text)
            .doesNotContainPattern(
                "(?<![0-9A-Za-z])" + java.util.regex.Pattern.quote(value) + "(?![0-9A-Za-z])");
      }
    }
  }

  /** {@code machine} with some components replaced. */
  static Map<String, String> with(Map<String, String> machine, String... nameValues) {
    Map<String, String> changed = new TreeMap<>(machine);
    for (int i = 0; i < nameValues.length; i += 2) {
      changed.put(nameValues[i], nameValues[i + 1]);
    }
    return changed;
  }
}
