package sovereign.api.ledger;

import java.time.Instant;
import java.util.Objects;

/**
 * Funds held for an action before it runs, until it is settled or released.
 *
 * @param id unique on this node
 * @param actor the wallet account whose funds are held
 * @param quote what was quoted
 * @param created when it was made
 */
public record Reservation(long id, String actor, Quote quote, Instant created) {
  public Reservation {
    Objects.requireNonNull(actor, "actor");
    Objects.requireNonNull(quote, "quote");
    Objects.requireNonNull(created, "created");
  }

  /** The IPPC micro-units held. */
  public long held() {
    return quote.cost();
  }
}
