package sovereign.ledger;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.Condition;
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
 * once the chain is found broken. Appends and imports of concurrent callers are built in order
 * against the <em>tip</em> (the fold moved past the entries in flight) and committed in batches
 * (group commit) by the engine's committer thread, which takes every entry signed meanwhile as soon
 * as the previous transaction is durable; every other write and every read takes the lock
 * exclusively, once no batch is in flight, and is one transaction of its own. The fold in memory
 * moves only after a commit.
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
  private final Condition idle = lock.newCondition();
  private final Condition work = lock.newCondition();
  private final Map<NodeId, Head> heads;
  private final Map<String, long[]> balances = new HashMap<>();
  private final Map<NodeId, Head> tipHeads = new HashMap<>();
  private final Map<String, long[]> tipBalances = new HashMap<>();
  private final ArrayDeque<Pending> inFlight = new ArrayDeque<>();
  private boolean leading;
  private boolean closing;
  private Thread committer;
  private int exclusiveWaiting;
  private long nextPosition;
  private long commits;
  private long committedEntries;
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
    this.nextPosition = reads.lastPosition() + 1;
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
      engine.committer = new Thread(engine::commitLoop, "ledger-commit " + options.file());
      engine.committer.setDaemon(true);
      engine.committer.start();
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

  // ---- writes ------------------------------------------------------------------------------

  /**
   * Takes the lock for a write or read that must see the ledger at rest: waits until no batch of
   * appends is in flight (and keeps new ones from starting meanwhile). Pair with {@link
   * #unlockExclusive}.
   */
  void lockExclusive() {
    lock.lock();
    exclusiveWaiting++;
    try {
      while (leading) {
        idle.awaitUninterruptibly();
      }
    } finally {
      exclusiveWaiting--;
    }
  }

  void unlockExclusive() {
    idle.signalAll();
    lock.unlock();
  }

  /**
   * Appends an entry of this node. Concurrent callers share transactions (group commit): each
   * builds and hashes its entry in turn under the lock, signs it outside the lock, and the
   * committer thread commits the entries signed meanwhile together; each caller returns once its
   * own entry is committed, under the configured synchronous setting.
   */
  Entry append(Action action, List<Posting> postings, Outcome outcome, String memo) {
    Pending p;
    lock.lock();
    try {
      awaitNoExclusive();
      p = buildOwn(action, postings, outcome, memo, holds.held(), null);
      enqueue(p);
    } finally {
      lock.unlock();
    }
    p.sign(identity);
    return join(p);
  }

  /**
   * Adds an entry, already checked against the tip and moved into it, to the entries in flight for
   * the committer. Caller holds the lock; it must unlock before it signs or {@link #join}s.
   */
  void enqueue(Pending p) {
    if (closing) {
      throw new IllegalStateException("the ledger is closing");
    }
    inFlight.addLast(p);
    leading = true;
    work.signal();
  }

  /** Waits (without the lock) until the entry is committed, or throws why it was not. */
  Entry join(Pending p) {
    p.awaitDone();
    return p.result();
  }

  /** Blocks new entries while an exclusive write or read waits. Caller holds the lock. */
  void awaitNoExclusive() {
    while (exclusiveWaiting > 0) {
      idle.awaitUninterruptibly();
    }
  }

  /**
   * The committer thread: waits for the first entry in flight to be signed, commits it with every
   * entry signed after it in build order (one transaction), and starts over at once; goes idle when
   * nothing is in flight. Ends once the engine closes.
   */
  private void commitLoop() {
    while (true) {
      Pending head;
      lock.lock();
      try {
        while (inFlight.isEmpty() && !closing) {
          work.awaitUninterruptibly();
        }
        if (inFlight.isEmpty()) {
          return;
        }
        head = inFlight.peekFirst();
      } finally {
        lock.unlock();
      }
      head.awaitSigned();
      List<Pending> batch = new ArrayList<>();
      lock.lock();
      try {
        for (Pending p : inFlight) {
          if (!batch.isEmpty() && !p.isSigned()) {
            break;
          }
          batch.add(p);
        }
      } finally {
        lock.unlock();
      }
      try {
        commit(batch, true);
      } catch (RuntimeException | Error e) {
        failInFlight(new IllegalStateException("the ledger could not commit: " + e, e));
      }
      lock.lock();
      try {
        if (inFlight.isEmpty()) {
          leading = false;
          idle.signalAll();
        }
      } finally {
        lock.unlock();
      }
    }
  }

  /** Fails every entry in flight and resets the tip (a failure the commit did not expect). */
  private void failInFlight(RuntimeException why) {
    lock.lock();
    try {
      for (Pending p : inFlight) {
        p.fail(why);
      }
      inFlight.clear();
      tipHeads.clear();
      tipBalances.clear();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Builds, checks, signs and stores an entry of this node on its own; {@code reserved} is what its
   * wallet must keep (open holds). Caller holds the lock exclusively ({@link #lockExclusive}).
   */
  Entry writeOwn(
      Action action,
      List<Posting> postings,
      Outcome outcome,
      String memo,
      long reserved,
      Step extra) {
    Pending p = buildOwn(action, postings, outcome, memo, reserved, extra);
    p.sign(identity);
    commit(List.of(p), false);
    return p.result();
  }

  /** Stores an imported entry on its own. Caller holds the lock exclusively. */
  void persist(Entry entry, byte[] body) {
    Pending p = Pending.signed(entry, body);
    applyToTip(p);
    commit(List.of(p), false);
    p.result();
  }

  /**
   * Checks an entry of this node against the tip (the ledger with the entries in flight), encodes
   * and hashes it, and moves the tip past it. Caller holds the lock.
   */
  private Pending buildOwn(
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
    Head head = tipHead(self);
    long sequence = head == null ? 0 : head.sequence() + 1;
    Hash previous = head == null ? Hash.ZERO : head.hash();
    String problem =
        rules.problem(self, sequence, action.type(), postings, this::tipBalance, reserved);
    if (problem != null) {
      throw new RefusedException(problem);
    }
    Instant timestamp = Instant.ofEpochMilli(options.clock().millis());
    String text = memo == null ? "" : memo;
    byte[] body =
        EntryCodec.encode(
            new EntryCodec.Body(self, sequence, timestamp, action, postings, outcome, text));
    Hash hash = EntryCodec.hash(previous, body);
    Pending p =
        new Pending(
            new Entry(
                self,
                sequence,
                previous,
                hash,
                timestamp,
                action,
                postings,
                outcome,
                text,
                new byte[64]),
            body,
            extra);
    applyToTip(p);
    return p;
  }

  /** Moves the tip past an entry. Caller holds the lock. */
  void applyToTip(Pending p) {
    Entry e = p.unsigned();
    for (Posting posting : e.postings()) {
      tipBalances
              .computeIfAbsent(posting.account(), this::committedRow)[
              posting.currency().ordinal()] +=
          posting.amount();
    }
    tipHeads.put(e.actor(), new Head(e.actor(), e.sequence(), e.hash()));
  }

  /**
   * Writes a batch of entries, their postings and the balances they leave in one transaction, then
   * folds them and tells each waiting caller. Runs in the committer or in an exclusive writer. A
   * failure fails every entry in flight (they chain on one another) and resets the tip.
   */
  private void commit(List<Pending> batch, boolean pipelined) {
    int ready = 0;
    RuntimeException refused = null;
    for (Pending p : batch) {
      refused = p.awaitSigned();
      if (refused != null) {
        break;
      }
      ready++;
    }
    List<Pending> good = batch.subList(0, ready);
    Map<String, long[]> after = new HashMap<>();
    Map<String, Integer> touched = new HashMap<>();
    long position = nextPosition;
    RuntimeException failure = null;
    try {
      if (!good.isEmpty()) {
        for (Pending p : good) {
          Entry e = p.entry();
          store.insertEntry(position, e, p.body());
          store.insertPostings(position, e.postings());
          for (Posting posting : e.postings()) {
            int c = posting.currency().ordinal();
            after.computeIfAbsent(posting.account(), this::committedRow)[c] += posting.amount();
            touched.merge(posting.account(), 1 << c, (x, y) -> x | y);
          }
          if (p.extra() != null) {
            p.extra().run(e);
          }
          position++;
        }
        for (Map.Entry<String, long[]> row : after.entrySet()) {
          int mask = touched.get(row.getKey());
          for (Currency c : Currency.values()) {
            if ((mask & (1 << c.ordinal())) != 0) {
              store.putBalance(row.getKey(), c.name(), row.getValue()[c.ordinal()]);
            }
          }
        }
        store.commit();
      }
    } catch (SQLException e) {
      store.rollbackQuietly();
      failure = failure(e);
    } catch (RuntimeException e) {
      store.rollbackQuietly();
      failure = e;
    }
    lock.lock();
    try {
      if (failure == null) {
        balances.putAll(after);
        for (Pending p : good) {
          Entry e = p.entry();
          heads.put(e.actor(), new Head(e.actor(), e.sequence(), e.hash()));
          if (pipelined) {
            inFlight.removeFirst();
          }
        }
        nextPosition = position;
        if (!good.isEmpty()) {
          commits++;
          committedEntries += good.size();
        }
      }
      RuntimeException rest = failure != null ? failure : refused;
      if (rest != null) {
        for (Pending p : failure != null ? batch : batch.subList(ready, batch.size())) {
          p.fail(rest);
        }
        for (Pending p : inFlight) {
          p.fail(rest);
        }
        inFlight.clear();
      }
      if (inFlight.isEmpty()) {
        tipHeads.clear();
        tipBalances.clear();
      }
    } finally {
      lock.unlock();
    }
    if (failure == null) {
      for (Pending p : good) {
        p.succeed();
      }
    }
  }

  /** Transactions committed with entries, and the entries they held (for the benchmark). */
  long[] commitStats() {
    lock.lock();
    try {
      return new long[] {commits, committedEntries};
    } finally {
      lock.unlock();
    }
  }

  /** The last entry of an actor as the tip has it (with the entries in flight). */
  Head tipHead(NodeId actor) {
    Head h = tipHeads.get(actor);
    return h != null ? h : heads.get(actor);
  }

  /** A balance as the tip has it. Caller holds the lock. */
  long tipBalance(String account, Currency currency) {
    long[] row = tipBalances.get(account);
    return row != null ? row[currency.ordinal()] : balance(account, currency);
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

  boolean isFlagged(NodeId actor) {
    return flagged.contains(actor);
  }

  void flag(NodeId actor) {
    flagged.add(actor);
  }

  /** A copy of an account's committed balances (zeros if it has none); never changes the fold. */
  private long[] committedRow(String account) {
    long[] row = balances.get(account);
    return row == null ? new long[Currency.values().length] : row.clone();
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
    lockExclusive();
    try {
      result = new Verifier(this).run();
    } catch (SQLException e) {
      result =
          new Verification(
              0,
              Optional.of(
                  new Verification.Problem("", -1, "ledger.db cannot be read: " + e.getMessage())));
    } finally {
      unlockExclusive();
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
    lockExclusive();
    try {
      closing = true;
      work.signalAll();
      store.close();
    } finally {
      unlockExclusive();
    }
    Thread t = committer;
    if (t != null && t != Thread.currentThread()) {
      try {
        t.join(10_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
