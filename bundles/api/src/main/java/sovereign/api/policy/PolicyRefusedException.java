package sovereign.api.policy;

/** Thrown where the policy refuses something outright; the message says why. */
public class PolicyRefusedException extends SecurityException {

  private static final long serialVersionUID = 1L;

  private final transient Decision decision;

  public PolicyRefusedException(Decision decision) {
    super(decision.toString());
    this.decision = decision;
  }

  /** The refusal (DENY) or the approval it waits for (PENDING). */
  public Decision decision() {
    return decision;
  }
}
