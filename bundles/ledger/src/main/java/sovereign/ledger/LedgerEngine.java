package sovereign.ledger;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import sovereign.api.identity.NodeId;
import sovereign.api.identity.NodeIdentity;
import sovereign.api.ledger.Accounts;
import sovereign.api.ledger.Action;
import sovereign.api.ledger.Currency;
import sovereign.api.ledger.Entry;
import sovereign.api.ledger.Hash;
import sovereign.api.ledger.Head;
import sovereign.api.ledger.Outcome;
import sovereign.api.ledger.Posting;
import sovereign.api.ledger.RefusedException;
import sovereign.api.ledger.Verification;

/**
 * The single writer of ledger.db: appends this node's entries (signed), imports other actors',
 * keeps the running fold (heads, balances) in memory beside the database, and refuses every write
 * once the chain is found broken. All writes are serialized by one lock; each is one transaction.
 * Reads that the fold answers never touch the database.
 */
final class LedgerEngine implements AutoCloseable {

  /** How the engine is set up. */
  record Options(
      Path file,
      LedgerStore.Synchronous synchronous,
      Set<NodeId> authorities,
      long workerFloor,
      boolean fullVerifyOnStart,
      Clock clock,
      Consumer<String> warn) {}

  /** An extra write in the transaction of an entry, given the entry. */
  interface Step {
    void run(Entry entry) throws SQLException;
  }

  final NodeIdentity identity;
  final NodeId self;
  final String selfWallet;
  final LedgerStore store;
  final LedgerReads reads;
  final EntryRules rules;
  final Options options;
  final ReentrantLock lock = new ReentrantLock();
  final Holds holds;
  private final Map<NodeId, Head> heads;
  private final Map<String, long[]> balances = new HashMap<>();
  private final Set<NodeId> flagged = new HashSet<>();
  private final Path brokenMarker;
  private volatile String broken;

  private LedgerEngine(NodeIdentity identity, LedgerStore store, Options options)
      throws SQLException {
    this.identity = identity;
    this.self = identity.nodeId();
    this.selfWallet = Accounts.wallet(self);
    this.store = store;
    this.options = options;
    this.reads = new LedgerReads(store.connection());
    this.rules = new EntryRules(options.authorities());
    this.brokenMarker = store.file().resolveSibling(store.file().getFileName() + ".broken");
    this.heads = reads.heads();
    for (LedgerReads.Amount a : reads.storedBalances()) {
      balanceRow(a.account())[Currency.valueOf(a.currency()).ordinal()] = a.amount();
    }
    flagged.addAll(reads.flagged());
    this.holds = new Holds(this);
  }

  /**
   * Opens the ledger: schema, fold, release of reservations left open, then the start check
   * (docs/ledger.md, "Verification").
   *
   * @throws SQLException if the database cannot be opened or read at all
   */
  static LedgerEngine open(NodeIdentity identity, Options options) throws SQLException {
    LedgerStore store = LedgerStore.open(options.file(), options.synchronous());
    try {
      LedgerEngine engine = new LedgerEngine(identity, store, options);
      engine.start();
      return engine;
    } catch (SQLException | RuntimeException e) {
      store.close();
      throw e;
    }
  }

  private void start() throws SQLException {
    if (Files.exists(brokenMarker)) {
      try {
        broken = Files.readString(brokenMarker, StandardCharsets.UTF_8).strip();
      } catch (IOException e) {
        broken = "the chain was found broken before this start (" + brokenMarker + ")";
      }
    }
    Verification check =
        options.fullVerifyOnStart()
            ? new Verifier(this).run()
            : new Verification(0, new StartCheck(this).run());
    if (!check.ok()) {
      markBroken(check.problem().orElseThrow().toString());
    }
    holds.releaseLeftOpen();
  }

  // ---- own entries --------------------------------------------------------------------------

  Entry append(Action action, List<Posting> postings, Outcome outcome, String memo) {
    lock.lock();
    try {
      return writeOwn(action, postings, outcome, memo, holds.held(), null);
    } finally {
      lock.unlock();
    }
  }

  /**
   * Builds, checks, signs and stores an entry of this node; {@code reserved} is what its wallet
   * must keep (open holds). Caller holds the lock.
   */
  Entry writeOwn(
      Action action,
      List<Posting> postings,
      Outcome outcome,
      String memo,
      long reserved,
      Step extra) {
    requireIntact();
    if (flagged.contains(self)) {
      throw new RefusedException(
          "this node's wallet is locked: it is flagged for equivocation (see ledger:verify)");
    }
    Head head = heads.get(self);
    long sequence = head == null ? 0 : head.sequence() + 1;
    Hash previous = head == null ? Hash.ZERO : head.hash();
    String problem =
        rules.problem(self, sequence, action.type(), postings, this::balance, reserved);
    if (problem != null) {
      throw new RefusedException(problem);
    }
    Instant timestamp = Instant.ofEpochMilli(options.clock().millis());
    String text = memo == null ? "" : memo;
    byte[] body =
        EntryCodec.encode(
            new EntryCodec.Body(self, sequence, timestamp, action, postings, outcome, text));
    Hash hash = EntryCodec.hash(previous, body);
    byte[] signature = identity.sign(EntryCodec.signingMessage(hash));
    Entry entry =
        new Entry(
            self, sequence, previous, hash, timestamp, action, postings, outcome, text, signature);
    persist(entry, body, extra);
    return entry;
  }

  /** Writes an entry, its postings and the new balances in one transaction, then folds it. */
  void persist(Entry entry, byte[] body, Step extra) {
    Map<String, long[]> after = new HashMap<>();
    for (Posting p : entry.postings()) {
      long[] row = after.computeIfAbsent(p.account(), a -> balanceRow(a).clone());
      row[p.currency().ordinal()] += p.amount();
    }
    try {
      store.insertEntry(entry, body);
      for (Posting p : entry.postings()) {
        long[] row = after.get(p.account());
        store.putBalance(p.account(), p.currency().name(), row[p.currency().ordinal()]);
      }
      if (extra != null) {
        extra.run(entry);
      }
      store.commit();
    } catch (SQLException e) {
      store.rollbackQuietly();
      throw failure(e);
    }
    balances.putAll(after);
    heads.put(entry.actor(), new Head(entry.actor(), entry.sequence(), entry.hash()));
  }

  // ---- the fold ------------------------------------------------------------------------------

  long balance(String account, Currency currency) {
    long[] row = balances.get(account);
    return row == null ? 0 : row[currency.ordinal()];
  }

  Map<Currency, Long> balances(String account) {
    Map<Currency, Long> out = new EnumMap<>(Currency.class);
    long[] row = balances.get(account);
    if (row != null) {
      for (Currency c : Currency.values()) {
        if (row[c.ordinal()] != 0) {
          out.put(c, row[c.ordinal()]);
        }
      }
    }
    return out;
  }

  /** Every account with a balance row, with its balances (a copy). */
  Map<String, long[]> allBalances() {
    Map<String, long[]> out = new HashMap<>();
    balances.forEach((k, v) -> out.put(k, v.clone()));
    return out;
  }

  Map<NodeId, Head> heads() {
    return Map.copyOf(heads);
  }

  Head head(NodeId actor) {
    return heads.get(actor);
  }

  Set<NodeId> flagged() {
    return Set.copyOf(flagged);
  }

  void flag(NodeId actor) {
    flagged.add(actor);
  }

  private long[] balanceRow(String account) {
    return balances.computeIfAbsent(account, a -> new long[Currency.values().length]);
  }

  // ---- broken chains -------------------------------------------------------------------------

  /** Refuses writes while the chain is broken. */
  void requireIntact() {
    String problem = broken;
    if (problem != null) {
      throw new RefusedException(
          "chain broken at "
              + problem
              + "; run ledger:verify, restore "
              + store.file()
              + " from a backup if it still fails, and run ledger:verify again until it passes");
    }
  }

  String broken() {
    return broken;
  }

  /** Records a problem: writes are refused, across restarts, until a verification passes. */
  void markBroken(String problem) {
    broken = problem;
    options.warn().accept("ledger chain broken at " + problem + "; appends are refused");
    try {
      Files.writeString(brokenMarker, problem + "\n", StandardCharsets.UTF_8);
    } catch (IOException e) {
      options.warn().accept("cannot write " + brokenMarker + ": " + e.getMessage());
    }
  }

  /** A full verification; a pass clears a broken state, a failure sets it. */
  Verification verify() {
    Verification result;
    lock.lock();
    try {
      result = new Verifier(this).run();
    } catch (SQLException e) {
      result =
          new Verification(
              0,
              Optional.of(
                  new Verification.Problem("", -1, "ledger.db cannot be read: " + e.getMessage())));
    } finally {
      lock.unlock();
    }
    if (result.ok()) {
      if (broken != null) {
        options.warn().accept("ledger verification passes again; appends are accepted");
      }
      broken = null;
      try {
        Files.deleteIfExists(brokenMarker);
      } catch (IOException e) {
        options.warn().accept("cannot remove " + brokenMarker + ": " + e.getMessage());
      }
    } else {
      markBroken(result.problem().orElseThrow().toString());
    }
    return result;
  }

  long now() {
    return options.clock().millis();
  }

  IllegalStateException failure(SQLException e) {
    return new IllegalStateException("could not write " + store.file() + ": " + e.getMessage(), e);
  }

  @Override
  public void close() throws SQLException {
    lock.lock();
    try {
      store.close();
    } finally {
      lock.unlock();
    }
  }
}
