package sovereign.ledger;

import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import sovereign.api.ledger.Accounts;
import sovereign.api.ledger.Action;
import sovereign.api.ledger.Amounts;
import sovereign.api.ledger.Currency;
import sovereign.api.ledger.Entry;
import sovereign.api.ledger.Outcome;
import sovereign.api.ledger.Posting;
import sovereign.api.ledger.Quote;
import sovereign.api.ledger.RefusedException;
import sovereign.api.ledger.Reservation;

/**
 * Metering reservations of this node's wallet: a hold is a row in {@code holds}, its end (settled,
 * released, released at restart) a row in {@code hold_ends}. Open holds are kept in memory; what
 * they hold cannot be spent by anything else. Holds are local to this node and never gossiped: only
 * the settling entry is.
 */
final class Holds {

  static final String SETTLED = "settled";
  static final String RELEASED = "released";
  static final String RELEASED_AT_RESTART = "released at restart";

  private final LedgerEngine engine;
  private final Map<Long, Reservation> open = new LinkedHashMap<>();
  private long held;

  Holds(LedgerEngine engine) {
    this.engine = engine;
  }

  /** IPPC micro-units held by open reservations. Caller holds the lock. */
  long held() {
    return held;
  }

  List<Reservation> open() {
    engine.lockExclusive();
    try {
      return List.copyOf(open.values());
    } finally {
      engine.unlockExclusive();
    }
  }

  /** Ends every hold a crash left open; called once when the ledger opens. */
  void releaseLeftOpen() throws SQLException {
    List<long[]> left = engine.reads.openHolds();
    if (left.isEmpty()) {
      return;
    }
    long total = 0;
    try {
      for (long[] hold : left) {
        engine.store.insertHoldEnd(hold[0], RELEASED_AT_RESTART, null, engine.now());
        total += hold[1];
      }
      engine.store.commit();
    } catch (SQLException e) {
      engine.store.rollbackQuietly();
      throw e;
    }
    engine
        .options
        .warn()
        .accept(
            left.size()
                + " metering reservation(s) left open by the last run released ("
                + Amounts.format(total, Currency.IPPC)
                + ")");
  }

  Reservation reserve(String actor, Quote quote) {
    String account = Accounts.check(actor);
    if (!account.equals(engine.selfWallet)) {
      throw new IllegalArgumentException(
          "'"
              + actor
              + "' is not this node's wallet: a node meters only its own wallet ("
              + engine.selfWallet
              + "), since only the owner signs its debits");
    }
    engine.lockExclusive();
    try {
      engine.requireIntact();
      if (engine.flagged().contains(engine.self)) {
        throw new RefusedException(
            "wallet " + account + " is locked: it is flagged for equivocation");
      }
      long available = engine.balance(account, Currency.IPPC) - held;
      long floor = engine.options.workerFloor();
      if (quote.purpose() == Quote.Purpose.EXPLORATORY
          && quote.action().type().exploratory()
          && available < floor) {
        throw new RefusedException(
            "wallet "
                + account
                + " is in WORKER mode ("
                + Amounts.format(available, Currency.IPPC)
                + " available, below the floor of "
                + Amounts.format(floor, Currency.IPPC)
                + "): exploratory "
                + quote.action().type()
                + " is refused; paid bounty work still runs");
      }
      if (quote.cost() > available) {
        throw new RefusedException(
            "wallet "
                + account
                + " cannot afford "
                + quote.action().type()
                + ": it costs "
                + Amounts.format(quote.cost(), Currency.IPPC)
                + ", "
                + Amounts.format(available, Currency.IPPC)
                + " is available");
      }
      long now = engine.now();
      long id;
      try {
        id = engine.store.insertHold(account, quote.cost(), quote.action().toString(), now);
        engine.store.commit();
      } catch (SQLException e) {
        engine.store.rollbackQuietly();
        throw engine.failure(e);
      }
      Reservation r = new Reservation(id, account, quote, Instant.ofEpochMilli(now));
      open.put(id, r);
      held += quote.cost();
      return r;
    } finally {
      engine.unlockExclusive();
    }
  }

  Optional<Entry> settle(Reservation reservation, Action actual, Outcome outcome, long cost) {
    engine.lockExclusive();
    try {
      engine.requireIntact();
      Reservation r = requireOpen(reservation);
      long others = held - r.held();
      long available = engine.balance(r.actor(), Currency.IPPC) - others;
      long charge = Math.min(cost, Math.max(available, 0));
      long id = r.id();
      Optional<Entry> entry;
      if (charge > 0) {
        String memo =
            "reservation "
                + id
                + (charge < cost
                    ? ", capped from " + Amounts.format(cost) + ": the wallet could not pay more"
                    : "");
        List<Posting> postings =
            List.of(
                new Posting(r.actor(), Currency.IPPC, -charge),
                new Posting(Accounts.TREASURY, Currency.IPPC, charge));
        entry =
            Optional.of(
                engine.writeOwn(
                    actual,
                    postings,
                    outcome,
                    memo,
                    others,
                    e -> engine.store.insertHoldEnd(id, SETTLED, e.hash().bytes(), engine.now())));
      } else {
        end(id, SETTLED);
        entry = Optional.empty();
      }
      open.remove(id);
      held = others;
      return entry;
    } finally {
      engine.unlockExclusive();
    }
  }

  void release(Reservation reservation) {
    engine.lockExclusive();
    try {
      Reservation r = requireOpen(reservation);
      end(r.id(), RELEASED);
      open.remove(r.id());
      held -= r.held();
    } finally {
      engine.unlockExclusive();
    }
  }

  private void end(long id, String state) {
    try {
      engine.store.insertHoldEnd(id, state, null, engine.now());
      engine.store.commit();
    } catch (SQLException e) {
      engine.store.rollbackQuietly();
      throw engine.failure(e);
    }
  }

  private Reservation requireOpen(Reservation reservation) {
    Reservation r = open.get(reservation.id());
    if (r == null) {
      throw new IllegalStateException(
          "reservation "
              + reservation.id()
              + " is not open: it was settled, released, or released when the ledger restarted");
    }
    return r;
  }
}
