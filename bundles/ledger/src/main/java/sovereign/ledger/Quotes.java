package sovereign.ledger;

import java.util.Locale;
import sovereign.api.ledger.Action;

/** Reads an action from the words of a {@code ledger:quote} command line. */
final class Quotes {

  private static final String USAGE =
      "inference <tokens> <model>, tool <tool>, sandbox <skill> <millis> or evolution <proposal>";

  private Quotes() {}

  /**
   * The action named by {@code name} with {@code args}.
   *
   * @throws IllegalArgumentException quoting the input and listing what works
   */
  static Action action(String name, String... args) {
    String kind = name.strip().toLowerCase(Locale.ROOT);
    switch (kind) {
      case "inference", "llm_inference" -> {
        need(name, args, 2);
        return new Action.LlmInference(number(args[0], "tokens"), args[1]);
      }
      case "tool", "tool_exec" -> {
        need(name, args, 1);
        return new Action.ToolExec(args[0]);
      }
      case "sandbox", "sandbox_exec" -> {
        need(name, args, 2);
        return new Action.SandboxExec(args[0], number(args[1], "millis"));
      }
      case "evolution", "evolution_sim" -> {
        need(name, args, 1);
        return new Action.EvolutionSim(args[0]);
      }
      default ->
          throw new IllegalArgumentException(
              "'" + name + "' is not a metered action; quote " + USAGE);
    }
  }

  private static void need(String name, String[] args, int count) {
    if (args == null || args.length != count) {
      throw new IllegalArgumentException(
          "'"
              + name
              + (args == null || args.length == 0 ? "" : " " + String.join(" ", args))
              + "' has "
              + (args == null ? 0 : args.length)
              + " parameter(s), "
              + name
              + " takes "
              + count
              + ": quote "
              + USAGE);
    }
  }

  private static long number(String text, String what) {
    try {
      long v = Long.parseLong(text.strip());
      if (v >= 0) {
        return v;
      }
    } catch (NumberFormatException e) {
      // said below
    }
    throw new IllegalArgumentException(
        "'" + text + "' is not a number of " + what + "; give a whole number, e.g. 1500");
  }
}
