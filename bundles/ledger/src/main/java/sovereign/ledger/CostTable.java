package sovereign.ledger;

import java.math.BigInteger;
import java.util.EnumMap;
import java.util.Map;
import sovereign.api.ledger.Action;
import sovereign.api.ledger.ActionType;
import sovereign.api.ledger.Amounts;

/**
 * cost = base + ceil(perUnit × units × multiplier × risk), in IPPC micro-units, with integer
 * arithmetic only: multiplier and risk are fixed-point with 6 decimals like amounts. Units are
 * tokens for LLM_INFERENCE and milliseconds for SANDBOX_EXEC (perUnit is given per second).
 */
final class CostTable {

  /** One action type's costs, all fixed-point micro-units. */
  record Rule(long base, long perUnit, long unitsPerPriceUnit, long risk) {}

  private static final BigInteger MICRO_SQUARED =
      BigInteger.valueOf(Amounts.MICROS_PER_UNIT * Amounts.MICROS_PER_UNIT);

  private final long multiplier;
  private final Map<ActionType, Rule> rules;

  CostTable(long multiplier, Map<ActionType, Rule> rules) {
    this.multiplier = multiplier;
    this.rules = Map.copyOf(rules);
  }

  /** The table from a configuration, refusing a bad value by name. */
  static CostTable of(MeteringConfig c) {
    Map<ActionType, Rule> rules = new EnumMap<>(ActionType.class);
    rules.put(
        ActionType.LLM_INFERENCE,
        new Rule(
            value("inferenceBase", c.inferenceBase()),
            value("inferencePerToken", c.inferencePerToken()),
            1,
            value("inferenceRisk", c.inferenceRisk())));
    rules.put(
        ActionType.TOOL_EXEC,
        new Rule(value("toolBase", c.toolBase()), 0, 1, value("toolRisk", c.toolRisk())));
    rules.put(
        ActionType.SANDBOX_EXEC,
        new Rule(
            value("sandboxBase", c.sandboxBase()),
            value("sandboxPerSecond", c.sandboxPerSecond()),
            1000,
            value("sandboxRisk", c.sandboxRisk())));
    rules.put(
        ActionType.EVOLUTION_SIM,
        new Rule(
            value("evolutionBase", c.evolutionBase()),
            0,
            1,
            value("evolutionRisk", c.evolutionRisk())));
    return new CostTable(value("multiplier", c.multiplier()), rules);
  }

  /**
   * The cost of an action in IPPC micro-units.
   *
   * @throws IllegalArgumentException if the action is not metered or its cost overflows
   */
  long cost(Action action) {
    Rule rule = rules.get(action.type());
    if (rule == null) {
      throw new IllegalArgumentException(
          action.type()
              + " is not metered; metered actions are LLM_INFERENCE, TOOL_EXEC, SANDBOX_EXEC,"
              + " EVOLUTION_SIM");
    }
    long units = units(action);
    BigInteger variable =
        BigInteger.valueOf(rule.perUnit())
            .multiply(BigInteger.valueOf(units))
            .multiply(BigInteger.valueOf(multiplier))
            .multiply(BigInteger.valueOf(rule.risk()));
    BigInteger divisor = MICRO_SQUARED.multiply(BigInteger.valueOf(rule.unitsPerPriceUnit()));
    BigInteger[] qr = variable.divideAndRemainder(divisor);
    BigInteger ceil = qr[1].signum() > 0 ? qr[0].add(BigInteger.ONE) : qr[0];
    BigInteger cost = ceil.add(BigInteger.valueOf(rule.base()));
    if (cost.bitLength() > 63) {
      throw new IllegalArgumentException("the cost of " + action + " does not fit in a long");
    }
    return cost.longValue();
  }

  private static long units(Action action) {
    if (action instanceof Action.LlmInference a) {
      return a.tokens();
    }
    if (action instanceof Action.SandboxExec a) {
      return a.millis();
    }
    return 0;
  }

  private static long value(String name, String text) {
    try {
      long v = Amounts.parse(text);
      if (v < 0) {
        throw new IllegalArgumentException("'" + text + "' is negative");
      }
      return v;
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "configuration sovereign.ledger.metering: " + name + ": " + e.getMessage());
    }
  }
}
