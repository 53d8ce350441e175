package sovereign.ledger;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import sovereign.api.identity.NodeId;
import sovereign.api.ledger.Currency;
import sovereign.api.ledger.Entry;
import sovereign.api.ledger.Hash;
import sovereign.api.ledger.Head;
import sovereign.api.ledger.Posting;
import sovereign.api.ledger.Verification;
import sovereign.api.ledger.Verification.Problem;

/**
 * The full verification (docs/ledger.md, "Verification"): replays every entry in arrival order,
 * recomputing its hash, checking its columns, its link to the actor's previous entry, its signature
 * and every invariant against the running fold; then checks the postings table against what the
 * entries post, compares the fold with the balances table and with the engine's memory, checks
 * conservation, and checks the equivocation proofs and receipts. It stops at the first problem.
 * Caller holds the engine's lock exclusively.
 *
 * <p>Decoding, hashing and signature checks run on one worker per core, a chunk of rows at a time,
 * while this thread reads the next page and replays the previous one in order; when the replay
 * reaches a chunk no worker has started yet, this thread checks it itself instead of waiting.
 */
final class Verifier {

  private static final int PAGE = 2048;
  private static final int CHUNK = 128;

  /** One row of {@code entries}, decoded and checked on its own. */
  private record Row(
      long position,
      String actor,
      long sequence,
      Hash storedHash,
      Entry entry,
      String decodeError,
      boolean signatureOk) {}

  /** A page of rows, read, with the checks of its chunks under way. */
  private record Page(long last, List<Future<List<Row>>> chunks) {}

  private final LedgerEngine engine;
  private final Map<String, long[]> fold = new HashMap<>();
  private final Map<NodeId, Head> heads = new HashMap<>();
  private final Map<String, MessageDigest> postings = new HashMap<>();
  private long count;

  Verifier(LedgerEngine engine) {
    this.engine = engine;
  }

  Verification run() throws SQLException {
    Optional<Problem> problem = check();
    return new Verification(count, problem);
  }

  private Optional<Problem> check() throws SQLException {
    String damage = engine.store.quickCheck();
    if (damage != null) {
      return StartCheck.problem(
          "", -1, "ledger.db is damaged (SQLite quick_check: " + damage + ")");
    }
    int cores = Math.max(1, Runtime.getRuntime().availableProcessors());
    ExecutorService workers =
        Executors.newFixedThreadPool(
            cores,
            r -> {
              Thread t = new Thread(r, "ledger-verify");
              t.setDaemon(true);
              return t;
            });
    try {
      Optional<Problem> p = replay(workers);
      if (p.isPresent()) {
        return p;
      }
    } finally {
      workers.shutdownNow();
    }
    Optional<Problem> p = postingsTable();
    if (p.isEmpty()) {
      p = new FoldCheck(engine, fold, heads).run();
    }
    return p.isPresent() ? p : new ProofCheck(engine).run();
  }

  /** Reads page n+1 while the workers check it, then replays page n in order. */
  private Optional<Problem> replay(ExecutorService workers) throws SQLException {
    Page current = read(0, workers);
    while (current != null) {
      Page next = current.chunks().isEmpty() ? null : read(current.last(), workers);
      for (Future<List<Row>> chunk : current.chunks()) {
        for (Row row : result(chunk)) {
          Optional<Problem> p = checkRow(row);
          if (p.isPresent()) {
            return p;
          }
          count++;
        }
      }
      current = next != null && !next.chunks().isEmpty() ? next : null;
    }
    return Optional.empty();
  }

  private static List<Row> result(Future<List<Row>> chunk) {
    if (chunk instanceof FutureTask<List<Row>> task) {
      task.run(); // does nothing if a worker has started it or finished it
    }
    try {
      return chunk.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("verification interrupted", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("verification failed: " + e.getCause(), e.getCause());
    }
  }

  private Page read(long after, ExecutorService workers) throws SQLException {
    List<Future<List<Row>>> chunks = new ArrayList<>();
    long last = after;
    try (PreparedStatement s =
        engine
            .store
            .connection()
            .prepareStatement(
                "SELECT position, actor, sequence, previous, hash, body, signature FROM entries"
                    + " WHERE position > ? ORDER BY position LIMIT "
                    + PAGE)) {
      s.setLong(1, after);
      try (ResultSet rs = s.executeQuery()) {
        List<Object[]> chunk = new ArrayList<>(CHUNK);
        while (rs.next()) {
          last = rs.getLong(1);
          chunk.add(
              new Object[] {
                last,
                rs.getString(2),
                rs.getLong(3),
                rs.getBytes(4),
                rs.getBytes(5),
                rs.getBytes(6),
                rs.getBytes(7)
              });
          if (chunk.size() == CHUNK) {
            chunks.add(submit(workers, chunk));
            chunk = new ArrayList<>(CHUNK);
          }
        }
        if (!chunk.isEmpty()) {
          chunks.add(submit(workers, chunk));
        }
      }
    } finally {
      engine.store.connection().commit();
    }
    return new Page(last, chunks);
  }

  private Future<List<Row>> submit(ExecutorService workers, List<Object[]> raw) {
    FutureTask<List<Row>> task =
        new FutureTask<>(
            () -> {
              List<Row> rows = new ArrayList<>(raw.size());
              for (Object[] r : raw) {
                rows.add(decode(r));
              }
              return rows;
            });
    workers.execute(task);
    return task;
  }

  private Row decode(Object[] r) {
    long position = (Long) r[0];
    String actor = (String) r[1];
    long sequence = (Long) r[2];
    Hash stored = Hash.of((byte[]) r[4]);
    try {
      Entry e = EntryCodec.decode((byte[]) r[5], Hash.of((byte[]) r[3]), (byte[]) r[6]);
      boolean ok =
          engine.identity.verify(e.actor(), EntryCodec.signingMessage(e.hash()), e.signature());
      return new Row(position, actor, sequence, stored, e, null, ok);
    } catch (IllegalArgumentException e) {
      return new Row(position, actor, sequence, stored, null, e.getMessage(), false);
    }
  }

  private Optional<Problem> checkRow(Row row) {
    if (row.decodeError() != null) {
      return at(row, "its bytes do not decode: " + row.decodeError());
    }
    Entry e = row.entry();
    if (!e.actor().toString().equals(row.actor()) || e.sequence() != row.sequence()) {
      return at(row, "its columns name it but its signed bytes say " + e.name());
    }
    if (!e.hash().equals(row.storedHash())) {
      return at(
          row,
          "its stored hash "
              + row.storedHash()
              + " is not the hash of its content ("
              + e.hash()
              + "): the entry was altered");
    }
    Head last = heads.get(e.actor());
    long expected = last == null ? 0 : last.sequence() + 1;
    if (e.sequence() != expected) {
      return at(
          row,
          "it comes where #"
              + expected
              + " of the same actor should: an entry is missing or out of order");
    }
    Hash link = last == null ? Hash.ZERO : last.hash();
    if (!e.previous().equals(link)) {
      return at(row, "its previous hash does not link to #" + (expected - 1) + " of the actor");
    }
    if (!row.signatureOk()) {
      return at(row, "its signature does not verify against the actor's NodeID");
    }
    String broken =
        engine.rules.problem(
            e.actor(), e.sequence(), e.action().type(), e.postings(), this::balance, 0);
    if (broken != null) {
      return at(row, broken);
    }
    for (Posting p : e.postings()) {
      fold.computeIfAbsent(p.account(), a -> new long[Currency.values().length])[
              p.currency().ordinal()] +=
          p.amount();
    }
    for (Map.Entry<String, Long> net : LedgerStore.net(e.postings()).entrySet()) {
      postingRow(postings.computeIfAbsent(net.getKey(), k -> sha256()), row.position(), net);
    }
    heads.put(e.actor(), new Head(e.actor(), e.sequence(), e.hash()));
    return Optional.empty();
  }

  /**
   * The postings table must hold exactly the rows the entries give: per account and currency, the
   * entries in arrival order with what each posts there. Compared as one SHA-256 per account and
   * currency over (entry, amount), computed during the replay and again over the table.
   */
  private Optional<Problem> postingsTable() throws SQLException {
    Map<String, byte[]> expected = new HashMap<>();
    postings.forEach((k, d) -> expected.put(k, d.digest()));
    Set<String> seen = new HashSet<>();
    try (Statement s = engine.store.connection().createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT account, currency, entry, amount FROM postings"
                    + " ORDER BY account, currency, entry")) {
      String group = null;
      MessageDigest digest = null;
      while (true) {
        boolean more = rs.next();
        String key = more ? rs.getString(1) + " " + rs.getString(2) : null;
        if (group != null && !group.equals(key)) {
          if (!Arrays.equals(digest.digest(), expected.get(group))) {
            return postingsProblem(group);
          }
          seen.add(group);
        }
        if (!more) {
          break;
        }
        if (!key.equals(group)) {
          group = key;
          digest = sha256();
        }
        postingRow(digest, rs.getLong(3), Map.entry(key, rs.getLong(4)));
      }
    } finally {
      engine.store.connection().commit();
    }
    for (String group : new TreeSet<>(expected.keySet())) {
      if (!seen.contains(group)) {
        return postingsProblem(group);
      }
    }
    return Optional.empty();
  }

  private static Optional<Problem> postingsProblem(String group) {
    int space = group.lastIndexOf(' ');
    return StartCheck.problem(
        "",
        -1,
        "the rows of "
            + group.substring(0, space)
            + " in "
            + group.substring(space + 1)
            + " in the postings table differ from what the signed entries post there");
  }

  private static void postingRow(MessageDigest d, long entry, Map.Entry<String, Long> amount) {
    long v = amount.getValue();
    byte[] b = new byte[16];
    for (int i = 0; i < 8; i++) {
      b[i] = (byte) (entry >>> (56 - 8 * i));
      b[8 + i] = (byte) (v >>> (56 - 8 * i));
    }
    d.update(b);
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
    }
  }

  private long balance(String account, Currency currency) {
    long[] row = fold.get(account);
    return row == null ? 0 : row[currency.ordinal()];
  }

  private static Optional<Problem> at(Row row, String what) {
    return StartCheck.problem(row.actor(), row.sequence(), what);
  }

  /** Counts rows of a table; for the callers that check the other tables. */
  static long count(LedgerEngine engine, String sql) throws SQLException {
    try (Statement s = engine.store.connection().createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      return rs.next() ? rs.getLong(1) : 0;
    } finally {
      engine.store.connection().commit();
    }
  }
}
