package sovereign.api.ledger;

/**
 * What an entry records. Each kind is a record with its own parameters; {@link #type()} tells
 * which.
 */
public sealed interface Action
    permits Action.Genesis,
        Action.Mint,
        Action.Transfer,
        Action.LlmInference,
        Action.ToolExec,
        Action.SandboxExec,
        Action.EvolutionSim,
        Action.BountyPayout,
        Action.DaoFee {

  /** Longest text parameter, in characters. */
  int MAX_TEXT = 256;

  ActionType type();

  /** First entry of a mint authority's chain. */
  record Genesis() implements Action {
    @Override
    public ActionType type() {
      return ActionType.GENESIS;
    }
  }

  /** Money created by a mint authority. */
  record Mint() implements Action {
    @Override
    public ActionType type() {
      return ActionType.MINT;
    }
  }

  /** A payment. */
  record Transfer() implements Action {
    @Override
    public ActionType type() {
      return ActionType.TRANSFER;
    }
  }

  /** An LLM inference of {@code tokens} tokens with {@code model}. */
  record LlmInference(long tokens, String model) implements Action {
    public LlmInference {
      nonNegative(tokens, "tokens");
      model = text(model, "model");
    }

    @Override
    public ActionType type() {
      return ActionType.LLM_INFERENCE;
    }
  }

  /** A run of {@code tool}. */
  record ToolExec(String tool) implements Action {
    public ToolExec {
      tool = text(tool, "tool");
    }

    @Override
    public ActionType type() {
      return ActionType.TOOL_EXEC;
    }
  }

  /** {@code skill} ran in the sandbox for {@code millis} milliseconds. */
  record SandboxExec(String skill, long millis) implements Action {
    public SandboxExec {
      skill = text(skill, "skill");
      nonNegative(millis, "millis");
    }

    @Override
    public ActionType type() {
      return ActionType.SANDBOX_EXEC;
    }
  }

  /** A simulation of evolution proposal {@code proposal}. */
  record EvolutionSim(String proposal) implements Action {
    public EvolutionSim {
      proposal = text(proposal, "proposal");
    }

    @Override
    public ActionType type() {
      return ActionType.EVOLUTION_SIM;
    }
  }

  /** Payment of the work named {@code target} (a receipt id or a bounty id). */
  record BountyPayout(String target) implements Action {
    public BountyPayout {
      target = text(target, "target");
    }

    @Override
    public ActionType type() {
      return ActionType.BOUNTY_PAYOUT;
    }
  }

  /** A fee to the treasury. */
  record DaoFee() implements Action {
    @Override
    public ActionType type() {
      return ActionType.DAO_FEE;
    }
  }

  private static String text(String value, String name) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(name + " is missing");
    }
    if (value.length() > MAX_TEXT) {
      throw new IllegalArgumentException(
          name + " has " + value.length() + " characters; at most " + MAX_TEXT);
    }
    return value;
  }

  private static void nonNegative(long value, String name) {
    if (value < 0) {
      throw new IllegalArgumentException(name + " is " + value + "; it cannot be negative");
    }
  }
}
