package sovereign.ledger;

import java.util.Optional;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import sovereign.api.ledger.Action;
import sovereign.api.ledger.Entry;
import sovereign.api.ledger.Metering;
import sovereign.api.ledger.Outcome;
import sovereign.api.ledger.Quote;
import sovereign.api.ledger.Reservation;

/**
 * The {@link Metering} service: quotes from the cost table (configuration PID {@code
 * sovereign.ledger.metering}, changed live), holds and settles through the ledger's engine.
 */
@Component(configurationPid = MeteringService.PID)
@Designate(ocd = MeteringConfig.class)
public final class MeteringService implements Metering {

  static final String PID = "sovereign.ledger.metering";

  @Reference LedgerService ledger;

  volatile CostTable costs;

  @Activate
  @Modified
  void configure(MeteringConfig config) {
    costs = CostTable.of(config);
  }

  @Override
  public Quote quote(Action action, Quote.Purpose purpose) {
    return new Quote(action, purpose, costs.cost(action));
  }

  @Override
  public Reservation reserve(String actor, Quote quote) {
    return ledger.guarded(engine -> engine.holds.reserve(actor, quote));
  }

  @Override
  public Optional<Entry> settle(Reservation reservation, Action actual, Outcome outcome) {
    long cost = costs.cost(actual);
    return ledger.guarded(engine -> engine.holds.settle(reservation, actual, outcome, cost));
  }

  @Override
  public void release(Reservation reservation) {
    ledger.guarded(
        engine -> {
          engine.holds.release(reservation);
          return null;
        });
  }
}
