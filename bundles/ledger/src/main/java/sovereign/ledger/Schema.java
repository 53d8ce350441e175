package sovereign.ledger;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The tables of ledger.db (docs/ledger.md, "Database"). Every table but {@code balances} is
 * append-only: triggers abort any UPDATE or DELETE of them. {@code balances} is the running fold,
 * written in the same transaction as the entry it folds, and recomputed by verification.
 */
final class Schema {

  static final int VERSION = 2;

  static final List<String> APPEND_ONLY =
      List.of(
          "meta",
          "entries",
          "postings",
          "equivocations",
          "receipts",
          "holds",
          "hold_ends",
          "replays");

  private static final List<String> TABLES =
      List.of(
          "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
          "CREATE TABLE IF NOT EXISTS entries ("
              + " position INTEGER PRIMARY KEY,"
              + " actor TEXT NOT NULL,"
              + " sequence INTEGER NOT NULL,"
              + " previous BLOB NOT NULL,"
              + " hash BLOB NOT NULL,"
              + " body BLOB NOT NULL,"
              + " signature BLOB NOT NULL,"
              + " UNIQUE (actor, sequence))",
          // What each entry posts to each account and currency, keyed by account: the rows of an
          // account are together (history, sums) and an entry adds to the end of its accounts'.
          "CREATE TABLE IF NOT EXISTS postings ("
              + " account TEXT NOT NULL,"
              + " currency TEXT NOT NULL,"
              + " entry INTEGER NOT NULL,"
              + " amount INTEGER NOT NULL,"
              + " PRIMARY KEY (account, currency, entry)) WITHOUT ROWID",
          "CREATE TABLE IF NOT EXISTS balances ("
              + " account TEXT NOT NULL,"
              + " currency TEXT NOT NULL,"
              + " amount INTEGER NOT NULL,"
              + " PRIMARY KEY (account, currency)) WITHOUT ROWID",
          "CREATE TABLE IF NOT EXISTS equivocations ("
              + " position INTEGER PRIMARY KEY,"
              + " actor TEXT NOT NULL,"
              + " sequence INTEGER NOT NULL,"
              + " previous BLOB NOT NULL,"
              + " hash BLOB NOT NULL UNIQUE,"
              + " body BLOB NOT NULL,"
              + " signature BLOB NOT NULL,"
              + " recorded_at INTEGER NOT NULL)",
          "CREATE TABLE IF NOT EXISTS receipts ("
              + " id TEXT PRIMARY KEY,"
              + " issuer TEXT NOT NULL,"
              + " contributor TEXT NOT NULL,"
              + " body BLOB NOT NULL,"
              + " signature BLOB NOT NULL,"
              + " recorded_at INTEGER NOT NULL)",
          "CREATE INDEX IF NOT EXISTS receipts_by_contributor ON receipts (contributor)",
          "CREATE TABLE IF NOT EXISTS holds ("
              + " id INTEGER PRIMARY KEY,"
              + " actor TEXT NOT NULL,"
              + " amount INTEGER NOT NULL,"
              + " action TEXT NOT NULL,"
              + " created_at INTEGER NOT NULL)",
          "CREATE TABLE IF NOT EXISTS hold_ends ("
              + " hold INTEGER PRIMARY KEY,"
              + " state TEXT NOT NULL,"
              + " entry_hash BLOB,"
              + " ended_at INTEGER NOT NULL)",
          "CREATE TABLE IF NOT EXISTS replays ("
              + " id INTEGER PRIMARY KEY,"
              + " kind TEXT NOT NULL,"
              + " subject TEXT NOT NULL,"
              + " detail TEXT NOT NULL,"
              + " at INTEGER NOT NULL)");

  private Schema() {}

  /** Creates what is missing and records the schema version; refuses another version. */
  static void apply(Connection c) throws SQLException {
    try (Statement s = c.createStatement()) {
      for (String ddl : TABLES) {
        s.executeUpdate(ddl);
      }
      for (String table : APPEND_ONLY) {
        for (String op : List.of("UPDATE", "DELETE")) {
          s.executeUpdate(
              "CREATE TRIGGER IF NOT EXISTS "
                  + table
                  + "_no_"
                  + op.toLowerCase()
                  + " BEFORE "
                  + op
                  + " ON "
                  + table
                  + " BEGIN SELECT RAISE(ABORT, '"
                  + table
                  + " is append-only: the ledger never updates or deletes'); END");
        }
      }
      s.executeUpdate(
          "INSERT OR IGNORE INTO meta (key, value) VALUES ('schema', '" + VERSION + "')");
      try (var rs = s.executeQuery("SELECT value FROM meta WHERE key = 'schema'")) {
        String version = rs.next() ? rs.getString(1) : "none";
        if (!String.valueOf(VERSION).equals(version)) {
          throw new SQLException(
              "ledger.db has schema version " + version + "; this node reads " + VERSION);
        }
      }
    }
    c.commit();
  }
}
