package sovereign.api.ledger;

import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Meters computation: quote an action, hold its cost before it runs, charge what it really cost
 * afterwards. An action the wallet cannot afford is refused by {@link #reserve}, before it runs.
 * Reservations left open by a crash are released when the ledger opens again.
 */
@ProviderType
public interface Metering {

  /** The cost of an exploratory action under the configured cost table. */
  default Quote quote(Action action) {
    return quote(action, Quote.Purpose.EXPLORATORY);
  }

  /** The cost of an action done for a purpose. */
  Quote quote(Action action, Quote.Purpose purpose);

  /**
   * Holds the quoted cost in {@code actor}'s wallet.
   *
   * @throws RefusedException if the wallet cannot afford it, is locked, or is in WORKER mode and
   *     the work is exploratory; the message says which
   */
  Reservation reserve(String actor, Quote quote);

  /**
   * Charges the cost of {@code actual} (the action as it really ran, e.g. with the real token
   * count) and releases the hold, in one transaction; never more than the wallet holds. Returns the
   * entry, or empty when the actual cost is zero.
   *
   * @throws IllegalStateException if the reservation is not open
   */
  Optional<Entry> settle(Reservation reservation, Action actual, Outcome outcome);

  /** Settles a successful action. */
  default Optional<Entry> settle(Reservation reservation, Action actual) {
    return settle(reservation, actual, Outcome.SUCCESS);
  }

  /**
   * Releases the hold without charging.
   *
   * @throws IllegalStateException if the reservation is not open
   */
  void release(Reservation reservation);
}
