package sovereign.ledger;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
 * recomputing its hash, checking its columns, its link to the actor's previous entry, its
 * signature, every invariant against the running fold, and its posting rows; then compares the fold
 * with the balances table and with the engine's memory, checks conservation, and checks the
 * equivocation proofs and receipts. Signatures and hashes are checked in parallel, a page at a
 * time; everything else in order. It stops at the first problem. Caller holds the engine's lock.
 */
final class Verifier {

  private static final int PAGE = 4096;

  /** One row of {@code entries}, decoded and checked on its own. */
  private record Row(
      long position,
      String actor,
      long sequence,
      Hash storedHash,
      Entry entry,
      String decodeError,
      boolean signatureOk) {}

  private final LedgerEngine engine;
  private final Map<String, long[]> fold = new HashMap<>();
  private final Map<NodeId, Head> heads = new HashMap<>();
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
    long after = 0;
    while (true) {
      List<Row> page = page(after);
      if (page.isEmpty()) {
        break;
      }
      Map<Long, List<PostingRow>> rows =
          postingRows(page.get(0).position(), page.get(page.size() - 1).position());
      for (Row row : page) {
        Optional<Problem> p = checkRow(row, rows.getOrDefault(row.position(), List.of()));
        if (p.isPresent()) {
          return p;
        }
        count++;
      }
      after = page.get(page.size() - 1).position();
    }
    Optional<Problem> p = new FoldCheck(engine, fold, heads).run();
    return p.isPresent() ? p : new ProofCheck(engine).run();
  }

  private List<Row> page(long after) throws SQLException {
    List<Object[]> raw = new ArrayList<>();
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
        while (rs.next()) {
          raw.add(
              new Object[] {
                rs.getLong(1),
                rs.getString(2),
                rs.getLong(3),
                rs.getBytes(4),
                rs.getBytes(5),
                rs.getBytes(6),
                rs.getBytes(7)
              });
        }
      }
    } finally {
      engine.store.connection().commit();
    }
    return raw.parallelStream().map(this::decode).toList();
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

  private Optional<Problem> checkRow(Row row, List<PostingRow> postingRows) {
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
    if (!postingRows.equals(e.postings().stream().map(PostingRow::of).toList())) {
      return at(row, "its rows in the postings table differ from its signed postings");
    }
    for (Posting p : e.postings()) {
      fold.computeIfAbsent(p.account(), a -> new long[Currency.values().length])[
              p.currency().ordinal()] +=
          p.amount();
    }
    heads.put(e.actor(), new Head(e.actor(), e.sequence(), e.hash()));
    return Optional.empty();
  }

  private long balance(String account, Currency currency) {
    long[] row = fold.get(account);
    return row == null ? 0 : row[currency.ordinal()];
  }

  /** A row of the postings table, as stored. */
  private record PostingRow(String account, String currency, long amount) {
    static PostingRow of(Posting p) {
      return new PostingRow(p.account(), p.currency().name(), p.amount());
    }
  }

  private Map<Long, List<PostingRow>> postingRows(long from, long to) throws SQLException {
    Map<Long, List<PostingRow>> out = new HashMap<>();
    try (PreparedStatement s =
        engine
            .store
            .connection()
            .prepareStatement(
                "SELECT entry, account, currency, amount FROM postings"
                    + " WHERE entry BETWEEN ? AND ? ORDER BY entry, idx")) {
      s.setLong(1, from);
      s.setLong(2, to);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          out.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>())
              .add(new PostingRow(rs.getString(2), rs.getString(3), rs.getLong(4)));
        }
      }
    } finally {
      engine.store.connection().commit();
    }
    return out;
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
