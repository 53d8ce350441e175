package sovereign.api.ledger;

import java.util.Objects;
import java.util.Optional;

/**
 * The result of recomputing every hash, link, signature, balance and invariant.
 *
 * @param entries how many entries were checked
 * @param problem the first thing found wrong, if any
 */
public record Verification(long entries, Optional<Problem> problem) {

  /**
   * What is wrong, and where.
   *
   * @param actor the actor whose chain holds the bad entry, or empty for a store-wide problem
   * @param sequence its sequence, or -1 for a store-wide problem
   * @param what what is wrong, in words
   */
  public record Problem(String actor, long sequence, String what) {
    public Problem {
      Objects.requireNonNull(actor, "actor");
      Objects.requireNonNull(what, "what");
    }

    @Override
    public String toString() {
      return actor.isEmpty() ? what : "entry " + actor + "#" + sequence + ": " + what;
    }
  }

  public Verification {
    Objects.requireNonNull(problem, "problem");
  }

  public boolean ok() {
    return problem.isEmpty();
  }
}
