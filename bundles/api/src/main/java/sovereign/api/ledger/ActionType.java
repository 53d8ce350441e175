package sovereign.api.ledger;

/** The kinds of action an entry records, with the byte that stands for each in the encoding. */
public enum ActionType {
  /** The first entry of a mint authority's chain: money enters from the mint account. */
  GENESIS(1, false),
  /** Money enters from the mint account, by a mint authority. */
  MINT(2, false),
  /** A payment from the actor's wallet. */
  TRANSFER(3, false),
  /** An LLM inference, metered per token. */
  LLM_INFERENCE(4, true),
  /** A tool execution. */
  TOOL_EXEC(5, true),
  /** A skill run in the sandbox, metered per second. */
  SANDBOX_EXEC(6, true),
  /** A simulation of an evolution proposal. */
  EVOLUTION_SIM(7, true),
  /** Payment for contributed work, named by its receipt or bounty id. */
  BOUNTY_PAYOUT(8, false),
  /** A fee to the DAO treasury. */
  DAO_FEE(9, false);

  private final int code;
  private final boolean exploratory;

  ActionType(int code, boolean exploratory) {
    this.code = code;
    this.exploratory = exploratory;
  }

  /** The byte that stands for this type in the entry encoding (docs/ledger.md). */
  public int code() {
    return code;
  }

  /** Whether this is exploratory computation, refused to a wallet in WORKER mode. */
  public boolean exploratory() {
    return exploratory;
  }

  /**
   * The type with this encoding byte.
   *
   * @throws IllegalArgumentException if no type has it
   */
  public static ActionType ofCode(int code) {
    for (ActionType t : values()) {
      if (t.code == code) {
        return t;
      }
    }
    throw new IllegalArgumentException("no action type has code " + code);
  }
}
