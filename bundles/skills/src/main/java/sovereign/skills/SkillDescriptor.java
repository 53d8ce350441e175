package sovereign.skills;

import java.util.ArrayList;
import java.util.Dictionary;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * A skill as its bundle's manifest declares it (docs/skills.md, "Manifest headers"):
 *
 * <pre>
 * Sovereign-Skill: wordcount                          the name, also the policy subject
 * Sovereign-Skill-Module: skill/wordcount.wasm        WASM: the module's path in the bundle
 * Sovereign-Skill-Function: run                       WASM: the exported function (default run)
 * Sovereign-Skill-Capabilities: host.input_size, ...  what it asks the policy for
 * Sovereign-Skill-Limits: wall-time-ms=2000, memory-pages=16, max-input=1048576, max-output=65536
 * Sovereign-Skill-Description: Counts words.
 * </pre>
 *
 * A bundle without a module header is a Java skill.
 */
record SkillDescriptor(
    String name,
    String module,
    String function,
    Requested requested,
    OptionalLong wallTimeMs,
    OptionalInt memoryPages,
    OptionalInt maxInput,
    OptionalInt maxOutput,
    String description) {

  static final String SKILL = "Sovereign-Skill";
  static final String MODULE = "Sovereign-Skill-Module";
  static final String FUNCTION = "Sovereign-Skill-Function";
  static final String CAPABILITIES = "Sovereign-Skill-Capabilities";
  static final String LIMITS = "Sovereign-Skill-Limits";
  static final String DESCRIPTION = "Sovereign-Skill-Description";

  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
  private static final Pattern FUNCTION_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,63}");
  private static final List<String> LIMIT_KEYS =
      List.of("wall-time-ms", "memory-pages", "max-input", "max-output");

  boolean wasm() {
    return !module.isEmpty();
  }

  /**
   * Reads the headers of a bundle that has {@code Sovereign-Skill}.
   *
   * @throws IllegalArgumentException naming the header and what is wrong with it
   */
  static SkillDescriptor parse(Dictionary<String, String> headers) {
    String name = header(headers, SKILL);
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          SKILL
              + ": '"
              + name
              + "' is not a skill name (lower-case letters, digits, '.', '_', '-', starting with a"
              + " letter or digit, at most 64)");
    }
    String module = header(headers, MODULE);
    if (module.startsWith("/") || module.contains("..") || module.contains("\\")) {
      throw new IllegalArgumentException(
          MODULE + ": '" + module + "' must be a relative path inside the bundle");
    }
    String function = header(headers, FUNCTION);
    if (function.isEmpty()) {
      function = "run";
    } else if (!FUNCTION_NAME.matcher(function).matches()) {
      throw new IllegalArgumentException(
          FUNCTION + ": '" + function + "' is not an export name (letters, digits, '_')");
    }
    List<String> capabilities = new ArrayList<>();
    for (String c : header(headers, CAPABILITIES).split(",")) {
      if (!c.isBlank()) {
        capabilities.add(c.strip());
      }
    }
    Requested requested;
    try {
      requested = Requested.parse(capabilities);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(CAPABILITIES + ": " + e.getMessage(), e);
    }
    Map<String, Long> limits = limits(header(headers, LIMITS));
    return new SkillDescriptor(
        name,
        module,
        function,
        requested,
        limits.containsKey("wall-time-ms")
            ? OptionalLong.of(limits.get("wall-time-ms"))
            : OptionalLong.empty(),
        optionalInt(limits, "memory-pages"),
        optionalInt(limits, "max-input"),
        optionalInt(limits, "max-output"),
        header(headers, DESCRIPTION));
  }

  private static Map<String, Long> limits(String text) {
    Map<String, Long> limits = new TreeMap<>();
    for (String part : text.split(",")) {
      if (part.isBlank()) {
        continue;
      }
      String[] kv = part.strip().split("=", 2);
      String key = kv[0].strip().toLowerCase(Locale.ROOT);
      if (kv.length != 2 || !LIMIT_KEYS.contains(key)) {
        throw new IllegalArgumentException(
            LIMITS
                + ": '"
                + part.strip()
                + "' is not one of "
                + String.join("=N, ", LIMIT_KEYS)
                + "=N");
      }
      long value;
      try {
        value = Long.parseLong(kv[1].strip());
      } catch (NumberFormatException e) {
        value = -1;
      }
      if (value < 1 || (!key.equals("wall-time-ms") && value > Integer.MAX_VALUE)) {
        throw new IllegalArgumentException(
            LIMITS + ": '" + part.strip() + "' needs a positive whole number");
      }
      limits.put(key, value);
    }
    return limits;
  }

  private static OptionalInt optionalInt(Map<String, Long> limits, String key) {
    Long value = limits.get(key);
    return value == null ? OptionalInt.empty() : OptionalInt.of(value.intValue());
  }

  private static String header(Dictionary<String, String> headers, String name) {
    String value = headers.get(name);
    return value == null ? "" : value.strip();
  }
}
