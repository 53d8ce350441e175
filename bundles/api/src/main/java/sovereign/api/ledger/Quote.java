package sovereign.api.ledger;

import java.util.Objects;

/**
 * What an action will cost, in IPPC micro-units.
 *
 * @param action the action quoted
 * @param purpose exploratory work, or bounty work that a wallet in WORKER mode may still do
 * @param cost micro-units of IPPC
 */
public record Quote(Action action, Purpose purpose, long cost) {

  /** Why the work is done. */
  public enum Purpose {
    /** The node's own exploration: refused in WORKER mode. */
    EXPLORATORY,
    /** Paid bounty work: runs in WORKER mode too, if affordable. */
    BOUNTY
  }

  public Quote {
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(purpose, "purpose");
    if (cost < 0) {
      throw new IllegalArgumentException("a cost cannot be negative: " + cost);
    }
  }

  /** Metering is always charged in IPPC. */
  public Currency currency() {
    return Currency.IPPC;
  }
}
