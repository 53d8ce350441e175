package sovereign.policy;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import sovereign.api.policy.CapabilityKind;
import sovereign.api.policy.RiskTier;

/**
 * Which risk tier each capability has: entries {@code <capability>=<TIER>}, where the capability is
 * a kind ({@code net.connect}), a host function ({@code host.log}) or {@code host.*} for every host
 * function not listed; anything not listed has the default tier.
 */
final class TierTable {

  private final Map<CapabilityKind, RiskTier> kinds = new EnumMap<>(CapabilityKind.class);
  private final Map<String, RiskTier> functions = new HashMap<>();
  private final Map<String, RiskTier> entries = new LinkedHashMap<>();
  private final RiskTier functionDefault;
  private final RiskTier fallback;

  /**
   * @throws IllegalArgumentException naming the entry that cannot be read
   */
  TierTable(String[] table, String defaultTier) {
    this.fallback = parseTier(defaultTier, "defaultTier");
    RiskTier anyFunction = null;
    for (String entry : table) {
      int eq = entry.indexOf('=');
      String name = eq < 0 ? "" : entry.substring(0, eq).strip();
      RiskTier tier =
          parseTier(eq < 0 ? "" : entry.substring(eq + 1), "tiers entry '" + entry + "'");
      if (name.equals("host.*")) {
        anyFunction = tier;
      } else if (name.startsWith("host.") && name.length() > 5 && name.indexOf('*') < 0) {
        functions.put(name.substring(5), tier);
      } else {
        try {
          CapabilityKind kind = CapabilityKind.of(name);
          if (kind == CapabilityKind.HOST) {
            throw new IllegalArgumentException("'" + name + "'");
          }
          kinds.put(kind, tier);
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException(
              "configuration "
                  + PolicyService.PID
                  + ": tiers entry '"
                  + entry
                  + "' does not name a capability; write e.g. net.connect=MEDIUM, host.log=LOW or"
                  + " host.*=LOW");
        }
      }
      entries.put(name, tier);
    }
    this.functionDefault = anyFunction == null ? fallback : anyFunction;
  }

  RiskTier tier(CapabilityKind kind, String function) {
    if (kind == CapabilityKind.HOST) {
      RiskTier t = functions.get(function);
      return t == null ? functionDefault : t;
    }
    RiskTier t = kinds.get(kind);
    return t == null ? fallback : t;
  }

  /** The entries as configured, then the default. */
  Map<String, RiskTier> entries() {
    Map<String, RiskTier> out = new LinkedHashMap<>(entries);
    out.put("(anything else)", fallback);
    return out;
  }

  private static RiskTier parseTier(String text, String where) {
    try {
      return RiskTier.valueOf(text.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "configuration "
              + PolicyService.PID
              + ": "
              + where
              + ": '"
              + text.strip()
              + "' is not a tier; use LOW, MEDIUM or HIGH");
    }
  }
}
