package sovereign.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Edits a ledger's SQLite file as an attacker with the file would: with the append-only triggers
 * dropped. Each statement must change at least one row, so a test cannot tamper with nothing.
 */
final class LedgerFile {

  private LedgerFile() {}

  static void tamper(Path file, String... sql) throws SQLException {
    try (Connection c = raw(file);
        Statement s = c.createStatement()) {
      dropTriggers(s);
      for (String q : sql) {
        assertThat(s.executeUpdate(q)).isPositive();
      }
    }
  }

  static void update(Path file, String sql, Object... values) throws SQLException {
    try (Connection c = raw(file);
        Statement s = c.createStatement();
        PreparedStatement p = c.prepareStatement(sql)) {
      dropTriggers(s);
      for (int i = 0; i < values.length; i++) {
        p.setObject(i + 1, values[i]);
      }
      assertThat(p.executeUpdate()).isPositive();
    }
  }

  /** One column of the entry with this sequence number. */
  static byte[] column(Path file, String name, long sequence) throws SQLException {
    try (Connection c = raw(file);
        PreparedStatement p =
            c.prepareStatement("SELECT " + name + " FROM entries WHERE sequence = ?")) {
      p.setLong(1, sequence);
      try (ResultSet rs = p.executeQuery()) {
        assertThat(rs.next()).isTrue();
        return rs.getBytes(1);
      }
    }
  }

  static Connection raw(Path file) throws SQLException {
    return DriverManager.getConnection("jdbc:sqlite:" + file);
  }

  static void dropTriggers(Statement s) throws SQLException {
    for (String table : Schema.APPEND_ONLY) {
      s.executeUpdate("DROP TRIGGER IF EXISTS " + table + "_no_update");
      s.executeUpdate("DROP TRIGGER IF EXISTS " + table + "_no_delete");
    }
  }
}
