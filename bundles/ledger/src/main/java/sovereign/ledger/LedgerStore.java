package sovereign.ledger;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.sqlite.SQLiteConfig;
import sovereign.api.ledger.Entry;
import sovereign.api.ledger.Posting;
import sovereign.api.ledger.Receipt;

/**
 * The SQLite file, {@code <node>/economy/ledger.db}, in WAL mode: one connection, used by one
 * writer at a time (the engine's lock), with prepared statements for every write. Each public write
 * joins the current transaction; {@link #commit} ends it.
 */
final class LedgerStore implements AutoCloseable {

  /** The {@code synchronous} settings a node may choose (docs/ledger.md, "Durability"). */
  enum Synchronous {
    FULL,
    NORMAL
  }

  /** WAL pages between automatic checkpoints (~16 MiB): fewer database fsyncs per append. */
  static final int WAL_AUTOCHECKPOINT = 4000;

  private final Path file;
  private final Connection connection;
  private final PreparedStatement insertEntry;
  private final PreparedStatement insertPosting;
  private final PreparedStatement putBalance;
  private final PreparedStatement insertEquivocation;
  private final PreparedStatement insertReceipt;
  private final PreparedStatement insertHold;
  private final PreparedStatement insertHoldEnd;
  private final PreparedStatement insertReplay;

  private LedgerStore(Path file, Connection connection) throws SQLException {
    this.file = file;
    this.connection = connection;
    insertEntry =
        connection.prepareStatement(
            "INSERT INTO entries (position, actor, sequence, previous, hash, body, signature)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?)");
    insertPosting =
        connection.prepareStatement(
            "INSERT INTO postings (account, currency, entry, amount) VALUES (?, ?, ?, ?)");
    putBalance =
        connection.prepareStatement(
            "INSERT INTO balances (account, currency, amount) VALUES (?, ?, ?)"
                + " ON CONFLICT (account, currency) DO UPDATE SET amount = excluded.amount");
    insertEquivocation =
        connection.prepareStatement(
            "INSERT INTO equivocations (actor, sequence, previous, hash, body, signature,"
                + " recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?)");
    insertReceipt =
        connection.prepareStatement(
            "INSERT INTO receipts (id, issuer, contributor, body, signature, recorded_at)"
                + " VALUES (?, ?, ?, ?, ?, ?)");
    insertHold =
        connection.prepareStatement(
            "INSERT INTO holds (actor, amount, action, created_at) VALUES (?, ?, ?, ?)",
            Statement.RETURN_GENERATED_KEYS);
    insertHoldEnd =
        connection.prepareStatement(
            "INSERT INTO hold_ends (hold, state, entry_hash, ended_at) VALUES (?, ?, ?, ?)");
    insertReplay =
        connection.prepareStatement(
            "INSERT INTO replays (kind, subject, detail, at) VALUES (?, ?, ?, ?)");
  }

  /**
   * Opens (creating if needed) the database, in WAL mode with the given synchronous setting.
   *
   * @throws SQLException if the file cannot be opened or is not a ledger of this version
   */
  static LedgerStore open(Path file, Synchronous synchronous) throws SQLException {
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
    } catch (IOException e) {
      throw new SQLException("cannot create the folder of " + file + ": " + e.getMessage(), e);
    }
    SQLiteConfig config = new SQLiteConfig();
    config.setJournalMode(SQLiteConfig.JournalMode.WAL);
    config.setSynchronous(SQLiteConfig.SynchronousMode.valueOf(synchronous.name()));
    config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
    config.setBusyTimeout(10_000);
    Connection c = config.createConnection("jdbc:sqlite:" + file.toAbsolutePath());
    try {
      try (Statement s = c.createStatement()) {
        s.execute("PRAGMA wal_autocheckpoint = " + WAL_AUTOCHECKPOINT);
      }
      c.setAutoCommit(false);
      Schema.apply(c);
      return new LedgerStore(file, c);
    } catch (SQLException | RuntimeException e) {
      c.close();
      throw e;
    }
  }

  /** A second, read-only connection to the same file (verification reads beside the writer). */
  Connection openReader() throws SQLException {
    SQLiteConfig config = new SQLiteConfig();
    config.setReadOnly(true);
    config.setBusyTimeout(10_000);
    Connection c = config.createConnection("jdbc:sqlite:" + file.toAbsolutePath());
    c.setAutoCommit(false);
    return c;
  }

  Path file() {
    return file;
  }

  Connection connection() {
    return connection;
  }

  /** Inserts an entry at its position (arrival order). */
  void insertEntry(long position, Entry e, byte[] body) throws SQLException {
    insertEntry.setLong(1, position);
    insertEntry.setString(2, e.actor().toString());
    insertEntry.setLong(3, e.sequence());
    insertEntry.setBytes(4, e.previous().bytes());
    insertEntry.setBytes(5, e.hash().bytes());
    insertEntry.setBytes(6, body);
    insertEntry.setBytes(7, e.signature());
    insertEntry.executeUpdate();
  }

  /** Inserts the postings rows of the entry at {@code position}: one per account and currency. */
  void insertPostings(long position, List<Posting> postings) throws SQLException {
    Map<String, Long> net = net(postings);
    if (net.size() == 1) {
      Map.Entry<String, Long> only = net.entrySet().iterator().next();
      bindPosting(only.getKey(), position, only.getValue());
      insertPosting.executeUpdate();
      return;
    }
    for (Map.Entry<String, Long> row : net.entrySet()) {
      bindPosting(row.getKey(), position, row.getValue());
      insertPosting.addBatch();
    }
    insertPosting.executeBatch();
  }

  private void bindPosting(String key, long position, long amount) throws SQLException {
    int space = key.lastIndexOf(' ');
    insertPosting.setString(1, key.substring(0, space));
    insertPosting.setString(2, key.substring(space + 1));
    insertPosting.setLong(3, position);
    insertPosting.setLong(4, amount);
  }

  /**
   * What an entry posts to each account and currency ("account currency" to the sum of its postings
   * there), in the order they first appear: the rows of {@code postings}.
   */
  static Map<String, Long> net(List<Posting> postings) {
    Map<String, Long> out = new LinkedHashMap<>();
    for (Posting p : postings) {
      out.merge(p.account() + " " + p.currency().name(), p.amount(), Long::sum);
    }
    return out;
  }

  /** Sets an account's balance in a currency (the running fold). */
  void putBalance(String account, String currency, long amount) throws SQLException {
    putBalance.setString(1, account);
    putBalance.setString(2, currency);
    putBalance.setLong(3, amount);
    putBalance.executeUpdate();
  }

  void insertEquivocation(Entry e, byte[] body, long now) throws SQLException {
    insertEquivocation.setString(1, e.actor().toString());
    insertEquivocation.setLong(2, e.sequence());
    insertEquivocation.setBytes(3, e.previous().bytes());
    insertEquivocation.setBytes(4, e.hash().bytes());
    insertEquivocation.setBytes(5, body);
    insertEquivocation.setBytes(6, e.signature());
    insertEquivocation.setLong(7, now);
    insertEquivocation.executeUpdate();
  }

  void insertReceipt(Receipt r, long now) throws SQLException {
    insertReceipt.setString(1, r.id());
    insertReceipt.setString(2, r.issuer().toString());
    insertReceipt.setString(3, r.contributor().toString());
    insertReceipt.setBytes(4, ReceiptCodec.encode(r));
    insertReceipt.setBytes(5, r.signature());
    insertReceipt.setLong(6, now);
    insertReceipt.executeUpdate();
  }

  /** Records a hold; returns its id. */
  long insertHold(String actor, long amount, String action, long now) throws SQLException {
    insertHold.setString(1, actor);
    insertHold.setLong(2, amount);
    insertHold.setString(3, action);
    insertHold.setLong(4, now);
    insertHold.executeUpdate();
    return generatedKey(insertHold);
  }

  void insertHoldEnd(long hold, String state, byte[] entryHash, long now) throws SQLException {
    insertHoldEnd.setLong(1, hold);
    insertHoldEnd.setString(2, state);
    insertHoldEnd.setBytes(3, entryHash);
    insertHoldEnd.setLong(4, now);
    insertHoldEnd.executeUpdate();
  }

  void insertReplay(String kind, String subject, String detail, long now) throws SQLException {
    insertReplay.setString(1, kind);
    insertReplay.setString(2, subject);
    insertReplay.setString(3, detail);
    insertReplay.setLong(4, now);
    insertReplay.executeUpdate();
  }

  void commit() throws SQLException {
    connection.commit();
  }

  /** Rolls back, never throwing: used on a path that already fails. */
  void rollbackQuietly() {
    try {
      connection.rollback();
    } catch (SQLException e) {
      // The original failure is what the caller reports.
    }
  }

  /** Runs {@code PRAGMA quick_check}; null if it says ok, else what it says. */
  String quickCheck() throws SQLException {
    try (Statement s = connection.createStatement();
        ResultSet rs = s.executeQuery("PRAGMA quick_check")) {
      StringBuilder out = new StringBuilder();
      while (rs.next()) {
        out.append(out.length() == 0 ? "" : "; ").append(rs.getString(1));
      }
      connection.commit();
      String result = out.toString();
      return result.toLowerCase(Locale.ROOT).equals("ok") ? null : result;
    }
  }

  @Override
  public void close() throws SQLException {
    connection.close();
  }

  private static long generatedKey(PreparedStatement statement) throws SQLException {
    try (ResultSet keys = statement.getGeneratedKeys()) {
      if (!keys.next()) {
        throw new SQLException("the database returned no row id");
      }
      return keys.getLong(1);
    }
  }
}
