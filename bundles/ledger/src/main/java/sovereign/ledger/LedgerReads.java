package sovereign.ledger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import sovereign.api.identity.NodeId;
import sovereign.api.ledger.Currency;
import sovereign.api.ledger.Entry;
import sovereign.api.ledger.Equivocation;
import sovereign.api.ledger.Hash;
import sovereign.api.ledger.Head;
import sovereign.api.ledger.Receipt;

/**
 * Queries of ledger.db. Each method ends its read transaction before it returns, so the writer's
 * connection never keeps an old snapshot open. Callers hold the engine's lock exclusively.
 */
final class LedgerReads {

  /** Receives entries in order. */
  interface EntrySink {
    void accept(Entry entry) throws java.io.IOException;
  }

  private final Connection c;
  private final PreparedStatement entryAt;
  private final PreparedStatement receiptById;
  private final PreparedStatement reputation;

  LedgerReads(Connection c) throws SQLException {
    this.c = c;
    entryAt =
        c.prepareStatement(
            "SELECT previous, body, signature FROM entries WHERE actor = ? AND sequence = ?");
    receiptById = c.prepareStatement("SELECT body, signature FROM receipts WHERE id = ?");
    reputation = c.prepareStatement("SELECT COUNT(*) FROM receipts WHERE contributor = ?");
  }

  Optional<Entry> entry(NodeId actor, long sequence) throws SQLException {
    entryAt.setString(1, actor.toString());
    entryAt.setLong(2, sequence);
    try (ResultSet rs = entryAt.executeQuery()) {
      return rs.next() ? Optional.of(decode(rs, 1)) : Optional.empty();
    } finally {
      c.commit();
    }
  }

  Optional<Receipt> receipt(String id) throws SQLException {
    receiptById.setString(1, id);
    try (ResultSet rs = receiptById.executeQuery()) {
      return rs.next()
          ? Optional.of(ReceiptCodec.decode(rs.getBytes(1), rs.getBytes(2)))
          : Optional.empty();
    } finally {
      c.commit();
    }
  }

  long reputation(String account) throws SQLException {
    reputation.setString(1, account);
    try (ResultSet rs = reputation.executeQuery()) {
      return rs.next() ? rs.getLong(1) : 0;
    } finally {
      c.commit();
    }
  }

  /**
   * The newest {@code limit} entries posting to an account, newest first: the newest {@code limit}
   * of each currency, merged, each read backwards along the account's rows of {@code postings}.
   */
  List<Entry> history(String account, int limit) throws SQLException {
    StringBuilder union = new StringBuilder();
    for (Currency c : Currency.values()) {
      union
          .append(union.length() == 0 ? "" : " UNION ")
          .append(
              "SELECT entry FROM (SELECT entry FROM postings WHERE account = ?1 AND currency = '")
          .append(c.name())
          .append("' ORDER BY entry DESC LIMIT ?2)");
    }
    List<Entry> out = new ArrayList<>();
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT e.previous, e.body, e.signature FROM entries e WHERE e.position IN ("
                + union
                + ") ORDER BY e.position DESC LIMIT ?2")) {
      s.setString(1, account);
      s.setInt(2, limit);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          out.add(decode(rs, 1));
        }
      }
    } finally {
      c.commit();
    }
    return out;
  }

  /** The position of the last entry held, or 0. */
  long lastPosition() throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT COALESCE(MAX(position), 0) FROM entries")) {
      return rs.next() ? rs.getLong(1) : 0;
    } finally {
      c.commit();
    }
  }

  /** Every entry, by actor then sequence. */
  void forEachEntry(EntrySink sink) throws SQLException, java.io.IOException {
    try (Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT previous, body, signature FROM entries ORDER BY actor, sequence")) {
      while (rs.next()) {
        sink.accept(decode(rs, 1));
      }
    } finally {
      c.commit();
    }
  }

  /** The last entry of each actor's chain. */
  Map<NodeId, Head> heads() throws SQLException {
    Map<NodeId, Head> out = new HashMap<>();
    try (Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery("SELECT actor, MAX(sequence), hash FROM entries GROUP BY actor")) {
      while (rs.next()) {
        NodeId actor = NodeId.parse(rs.getString(1));
        out.put(actor, new Head(actor, rs.getLong(2), Hash.of(rs.getBytes(3))));
      }
    } finally {
      c.commit();
    }
    return out;
  }

  /** One account's amount in one currency (by name, as stored). */
  record Amount(String account, String currency, long amount) {}

  /** The rows of the balances table. */
  List<Amount> storedBalances() throws SQLException {
    return amounts("SELECT account, currency, amount FROM balances");
  }

  /** The sums of the postings table per account and currency. */
  List<Amount> postingSums() throws SQLException {
    return amounts(
        "SELECT account, currency, SUM(amount) FROM postings GROUP BY account, currency");
  }

  /** How many posting rows belong to no entry. */
  long orphanPostings() throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT COUNT(*) FROM postings p WHERE NOT EXISTS"
                    + " (SELECT 1 FROM entries e WHERE e.position = p.entry)")) {
      return rs.next() ? rs.getLong(1) : 0;
    } finally {
      c.commit();
    }
  }

  /** Per actor: the number of entries and the highest sequence. */
  Map<String, long[]> chainShapes() throws SQLException {
    Map<String, long[]> out = new HashMap<>();
    try (Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery("SELECT actor, COUNT(*), MAX(sequence) FROM entries GROUP BY actor")) {
      while (rs.next()) {
        out.put(rs.getString(1), new long[] {rs.getLong(2), rs.getLong(3)});
      }
    } finally {
      c.commit();
    }
    return out;
  }

  long entryCount() throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM entries")) {
      return rs.next() ? rs.getLong(1) : 0;
    } finally {
      c.commit();
    }
  }

  private List<Amount> amounts(String sql) throws SQLException {
    List<Amount> out = new ArrayList<>();
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        out.add(new Amount(rs.getString(1), rs.getString(2), rs.getLong(3)));
      }
    } finally {
      c.commit();
    }
    return out;
  }

  /** Holds without an end: id, actor, amount. */
  List<long[]> openHolds() throws SQLException {
    List<long[]> out = new ArrayList<>();
    try (Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT h.id, h.amount FROM holds h WHERE NOT EXISTS"
                    + " (SELECT 1 FROM hold_ends e WHERE e.hold = h.id) ORDER BY h.id")) {
      while (rs.next()) {
        out.add(new long[] {rs.getLong(1), rs.getLong(2)});
      }
    } finally {
      c.commit();
    }
    return out;
  }

  /** The actors with a proof of equivocation. */
  Set<NodeId> flagged() throws SQLException {
    Set<NodeId> out = new TreeSet<>();
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT DISTINCT actor FROM equivocations")) {
      while (rs.next()) {
        out.add(NodeId.parse(rs.getString(1)));
      }
    } finally {
      c.commit();
    }
    return out;
  }

  /** Whether an entry with this hash is held as proof of equivocation. */
  boolean isEquivocationProof(Hash hash) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT 1 FROM equivocations WHERE hash = ?")) {
      s.setBytes(1, hash.bytes());
      try (ResultSet rs = s.executeQuery()) {
        return rs.next();
      }
    } finally {
      c.commit();
    }
  }

  List<Equivocation> equivocations() throws SQLException {
    List<Equivocation> out = new ArrayList<>();
    try (Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT e.previous, e.body, e.signature, q.previous, q.body, q.signature"
                    + " FROM equivocations q JOIN entries e"
                    + " ON e.actor = q.actor AND e.sequence = q.sequence ORDER BY q.position")) {
      while (rs.next()) {
        out.add(new Equivocation(decode(rs, 1), decode(rs, 4)));
      }
    } finally {
      c.commit();
    }
    return out;
  }

  /** Decodes previous, body, signature from three columns starting at {@code first}. */
  static Entry decode(ResultSet rs, int first) throws SQLException {
    return EntryCodec.decode(
        rs.getBytes(first + 1), Hash.of(rs.getBytes(first)), rs.getBytes(first + 2));
  }
}
