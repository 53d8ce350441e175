package sovereign.ledger;

import java.io.IOException;
import java.io.OutputStream;
import java.sql.SQLException;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Function;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;
import org.osgi.service.metatype.annotations.Designate;
import sovereign.api.identity.NodeHome;
import sovereign.api.identity.NodeId;
import sovereign.api.identity.NodeIdentity;
import sovereign.api.ledger.Accounts;
import sovereign.api.ledger.Action;
import sovereign.api.ledger.Amounts;
import sovereign.api.ledger.Currency;
import sovereign.api.ledger.Entry;
import sovereign.api.ledger.Equivocation;
import sovereign.api.ledger.Head;
import sovereign.api.ledger.ImportResult;
import sovereign.api.ledger.Ledger;
import sovereign.api.ledger.Outcome;
import sovereign.api.ledger.Posting;
import sovereign.api.ledger.Receipt;
import sovereign.api.ledger.Snapshot;
import sovereign.api.ledger.Verification;
import sovereign.api.ledger.Wallet;

/**
 * The {@link Ledger} service: opens {@code <node>/economy/ledger.db} when activated (one JDBC
 * connection, closed when deactivated) and answers from the {@link LedgerEngine}. Also registered
 * under its own (private) class so that the metering component shares its engine.
 *
 * <p>Every call runs inside a guard that {@link #deactivate} takes exclusively: closing the engine
 * waits for the calls in progress (an append waiting for its commit, a verification), and a call
 * after that fails with an IllegalStateException saying the ledger is closed, never half-way inside
 * a closed engine.
 */
@Component(
    service = {Ledger.class, LedgerService.class},
    immediate = true,
    configurationPid = LedgerService.PID)
@Designate(ocd = LedgerConfig.class)
public final class LedgerService implements Ledger {

  static final String PID = "sovereign.ledger";

  /** The database file under the node's economy folder. */
  static final String FILE = "ledger.db";

  @Reference NodeIdentity identity;

  @Reference NodeHome home;

  @Reference(service = LoggerFactory.class)
  Logger logger;

  Clock clock = Clock.systemUTC();

  /** Held shared by every call, exclusively by {@link #deactivate}. */
  private final ReentrantReadWriteLock guard = new ReentrantReadWriteLock();

  private LedgerEngine engine;
  private Imports imports;

  @Activate
  void activate(LedgerConfig config) throws SQLException {
    LedgerEngine.Options options =
        new LedgerEngine.Options(
            home.economy().resolve(FILE),
            synchronous(config.synchronous()),
            authorities(config.mintAuthorities(), identity.nodeId()),
            floor(config.workerFloor()),
            config.fullVerifyOnStart(),
            clock,
            logger::warn);
    try {
      open(options);
    } catch (SQLException e) {
      logger.error(
          "cannot open the ledger {}: {}; restore it from a backup",
          options.file(),
          e.getMessage());
      throw e;
    }
    logger.info(
        "ledger open: {} ({} chains, synchronous={}){}",
        options.file(),
        engine.heads().size(),
        options.synchronous(),
        engine.broken() == null ? "" : "; CHAIN BROKEN at " + engine.broken());
  }

  /** Opens the engine; the seam the unit tests use instead of DS. */
  void open(LedgerEngine.Options options) throws SQLException {
    engine = LedgerEngine.open(identity, options);
    imports = new Imports(engine);
  }

  /** Waits for the calls in progress, then closes the engine; later calls fail. */
  @Deactivate
  void deactivate() throws SQLException {
    guard.writeLock().lock();
    try {
      if (engine != null) {
        engine.close();
        engine = null;
        imports = null;
      }
    } finally {
      guard.writeLock().unlock();
    }
  }

  /** The engine, for tests; null once closed. */
  LedgerEngine engine() {
    return engine;
  }

  /**
   * Runs {@code call} on the engine inside the guard, so that {@link #deactivate} waits for it.
   *
   * @throws IllegalStateException if the ledger is closed
   */
  <T> T guarded(Function<LedgerEngine, T> call) {
    guard.readLock().lock();
    try {
      return call.apply(current());
    } finally {
      guard.readLock().unlock();
    }
  }

  /** The open engine; caller holds the guard. */
  private LedgerEngine current() {
    LedgerEngine e = engine;
    if (e == null) {
      throw new IllegalStateException(
          "ledger closed: the ledger service was deactivated (its bundle is stopping or being"
              + " updated); call again once it is back");
    }
    return e;
  }

  @Override
  public Entry append(Action action, List<Posting> postings, Outcome outcome, String memo) {
    return guarded(e -> e.append(action, postings, outcome, memo));
  }

  @Override
  public Entry transfer(String to, long amount, Currency currency, String memo) {
    String account = Accounts.check(to);
    if (amount <= 0) {
      throw new IllegalArgumentException(
          "'" + Amounts.format(amount) + "' cannot be transferred: the amount must be positive");
    }
    return guarded(
        engine -> {
          if (account.equals(engine.selfWallet)) {
            throw new IllegalArgumentException("'" + to + "' is this node's own wallet");
          }
          return engine.append(
              new Action.Transfer(),
              List.of(
                  new Posting(engine.selfWallet, currency, -amount),
                  new Posting(account, currency, amount)),
              Outcome.SUCCESS,
              memo);
        });
  }

  @Override
  public Entry mint(String account, long amount, Currency currency, String memo) {
    String to = Accounts.check(account);
    if (amount <= 0 || Accounts.MINT.equals(to)) {
      throw new IllegalArgumentException(
          "mint a positive amount into a wallet or the treasury, not "
              + Amounts.format(amount)
              + " into "
              + to);
    }
    List<Posting> postings =
        List.of(new Posting(Accounts.MINT, currency, -amount), new Posting(to, currency, amount));
    return guarded(
        engine -> {
          engine.lockExclusive();
          try {
            Action action =
                engine.head(engine.self) == null ? new Action.Genesis() : new Action.Mint();
            return engine.writeOwn(
                action, postings, Outcome.SUCCESS, memo, engine.holds.held(), null);
          } finally {
            engine.unlockExclusive();
          }
        });
  }

  @Override
  public ImportResult importEntry(Entry entry) {
    return guarded(e -> imports.importEntry(entry));
  }

  @Override
  public Receipt issueReceipt(String contributor, String work, long reward, Currency currency) {
    NodeId to;
    try {
      to = NodeId.parse(contributor);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "'" + contributor + "' is not a contributor: give its NodeID (12D3KooW…)");
    }
    return guarded(e -> imports.issueReceipt(to, work, reward, currency));
  }

  @Override
  public ImportResult submitReceipt(Receipt receipt) {
    return guarded(e -> imports.submitReceipt(receipt));
  }

  @Override
  public Optional<Receipt> receipt(String id) {
    return read(engine -> engine.reads.receipt(id));
  }

  @Override
  public Map<Currency, Long> balances(String account) {
    String a = Accounts.check(account);
    return read(engine -> engine.balances(a));
  }

  @Override
  public Wallet wallet(String account) {
    String a = Accounts.check(account);
    return read(
        engine -> {
          Map<Currency, Long> held =
              a.equals(engine.selfWallet) && engine.holds.held() > 0
                  ? Map.of(Currency.IPPC, engine.holds.held())
                  : Map.of();
          boolean locked = !Accounts.isSystem(a) && engine.flagged().contains(NodeId.parse(a));
          long available = engine.balance(a, Currency.IPPC) - held.getOrDefault(Currency.IPPC, 0L);
          Wallet.Mode mode =
              !Accounts.isSystem(a) && available < engine.options.workerFloor()
                  ? Wallet.Mode.WORKER
                  : Wallet.Mode.NORMAL;
          return new Wallet(a, engine.balances(a), held, engine.reads.reputation(a), locked, mode);
        });
  }

  @Override
  public List<Entry> history(String account, int limit) {
    String a = Accounts.check(account);
    if (limit < 1 || limit > 10_000) {
      throw new IllegalArgumentException(
          "'" + limit + "' entries cannot be listed: ask for 1 to 10000");
    }
    return read(engine -> engine.reads.history(a, limit));
  }

  @Override
  public Optional<Entry> entry(NodeId actor, long sequence) {
    return read(engine -> engine.reads.entry(actor, sequence));
  }

  @Override
  public Map<NodeId, Head> heads() {
    return read(LedgerEngine::heads);
  }

  @Override
  public Set<NodeId> flagged() {
    return read(LedgerEngine::flagged);
  }

  @Override
  public List<Equivocation> equivocations() {
    return read(engine -> engine.reads.equivocations());
  }

  @Override
  public Verification verify() {
    Verification v = guarded(LedgerEngine::verify);
    logger.info(
        "ledger verification: {} entries, {}",
        v.entries(),
        v.problem().map(p -> "FAILED at " + p).orElse("ok"));
    return v;
  }

  @Override
  public Snapshot snapshot() {
    return read(LedgerJson::snapshot);
  }

  @Override
  public long export(OutputStream out) throws IOException {
    guard.readLock().lock();
    try {
      LedgerEngine engine = current();
      engine.lockExclusive();
      try {
        return LedgerJson.export(engine, out);
      } catch (SQLException e) {
        throw new IOException("cannot read " + engine.store.file() + ": " + e.getMessage(), e);
      } finally {
        engine.unlockExclusive();
      }
    } finally {
      guard.readLock().unlock();
    }
  }

  /** A query that may fail with SQL. */
  interface Query<T> {
    T run(LedgerEngine engine) throws Exception;
  }

  /** Runs a query inside the guard, with the engine at rest (no batch in flight). */
  <T> T read(Query<T> query) {
    return guarded(
        engine -> {
          engine.lockExclusive();
          try {
            return query.run(engine);
          } catch (SQLException e) {
            throw new IllegalStateException(
                "cannot read " + engine.store.file() + ": " + e.getMessage(), e);
          } catch (RuntimeException e) {
            throw e;
          } catch (Exception e) {
            throw new IllegalStateException(e);
          } finally {
            engine.unlockExclusive();
          }
        });
  }

  static LedgerStore.Synchronous synchronous(String value) {
    try {
      return LedgerStore.Synchronous.valueOf(value.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "configuration " + PID + ": synchronous '" + value + "' is not FULL or NORMAL");
    }
  }

  static Set<NodeId> authorities(String[] values, NodeId self) {
    Set<NodeId> out = new HashSet<>();
    for (String v : values) {
      try {
        out.add(v.strip().equals("self") ? self : NodeId.parse(v));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "configuration " + PID + ": mintAuthorities: " + e.getMessage());
      }
    }
    return out;
  }

  static long floor(String value) {
    try {
      long floor = Amounts.parse(value);
      if (floor < 0) {
        throw new IllegalArgumentException("'" + value + "' is negative");
      }
      return floor;
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "configuration " + PID + ": workerFloor: " + e.getMessage());
    }
  }
}
