package sovereign.api.ledger;

import java.util.Objects;

/**
 * Proof that an actor signed two different entries with the same predecessor.
 *
 * @param recorded the entry this ledger holds in the actor's chain
 * @param conflicting the other entry, kept as proof and never applied
 */
public record Equivocation(Entry recorded, Entry conflicting) {
  public Equivocation {
    Objects.requireNonNull(recorded, "recorded");
    Objects.requireNonNull(conflicting, "conflicting");
    if (!recorded.actor().equals(conflicting.actor())
        || recorded.sequence() != conflicting.sequence()) {
      throw new IllegalArgumentException(
          "an equivocation is two entries of one actor at one sequence, not "
              + recorded.name()
              + " and "
              + conflicting.name());
    }
  }
}
