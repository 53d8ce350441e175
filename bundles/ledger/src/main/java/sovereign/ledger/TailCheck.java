package sovereign.ledger;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import sovereign.api.identity.NodeId;
import sovereign.api.ledger.Entry;
import sovereign.api.ledger.Hash;
import sovereign.api.ledger.Head;

/**
 * A bounded check of the ledger's tail, for the health check: the last entries by arrival, read in
 * one read transaction, each decoded, its stored hash recomputed, its link to the actor's entry
 * before it and its signature checked; and each chain seen there ends where the engine's fold (in
 * memory) says it does. Cheap enough to run after every update (well under 100 ms for 64 entries).
 * Caller holds the engine's lock exclusively.
 */
final class TailCheck {

  /** What was checked: how many entries, of how many chains, up to which position. */
  record Result(int entries, int chains, long lastPosition, Optional<String> problem) {}

  private final LedgerEngine engine;
  private final int size;

  TailCheck(LedgerEngine engine, int size) {
    this.engine = engine;
    this.size = size;
  }

  private record Row(
      String actor, long sequence, byte[] previous, byte[] hash, byte[] body, byte[] signature) {}

  Result run() throws SQLException {
    List<Row> rows = new ArrayList<>();
    long last = 0;
    try (PreparedStatement s =
        engine
            .store
            .connection()
            .prepareStatement(
                "SELECT position, actor, sequence, previous, hash, body, signature FROM entries"
                    + " ORDER BY position DESC LIMIT ?")) {
      s.setInt(1, size);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          last = Math.max(last, rs.getLong(1));
          rows.add(
              0,
              new Row(
                  rs.getString(2),
                  rs.getLong(3),
                  rs.getBytes(4),
                  rs.getBytes(5),
                  rs.getBytes(6),
                  rs.getBytes(7)));
        }
      }
    } finally {
      engine.store.connection().commit();
    }
    Map<NodeId, Entry> lastOfChain = new HashMap<>();
    for (Row row : rows) {
      Entry e;
      try {
        e = EntryCodec.decode(row.body(), Hash.of(row.previous()), row.signature());
      } catch (IllegalArgumentException ex) {
        return failed(rows, last, row, "its bytes do not decode: " + ex.getMessage());
      }
      if (!e.actor().toString().equals(row.actor()) || e.sequence() != row.sequence()) {
        return failed(rows, last, row, "its columns name it but its signed bytes say " + e.name());
      }
      if (!e.hash().equals(Hash.of(row.hash()))) {
        return failed(
            rows,
            last,
            row,
            "its stored hash is not the hash of its content: the entry was altered");
      }
      Optional<String> link = link(e, lastOfChain.get(e.actor()));
      if (link.isPresent()) {
        return failed(rows, last, row, link.get());
      }
      if (!engine.identity.verify(e.actor(), EntryCodec.signingMessage(e.hash()), e.signature())) {
        return failed(rows, last, row, "its signature does not verify against the actor's NodeID");
      }
      lastOfChain.put(e.actor(), e);
    }
    for (Entry e : lastOfChain.values()) {
      Head head = engine.head(e.actor());
      if (head == null || head.sequence() != e.sequence() || !head.hash().equals(e.hash())) {
        return new Result(
            rows.size(),
            lastOfChain.size(),
            last,
            Optional.of(
                "the chain of "
                    + e.actor()
                    + " ends at #"
                    + e.sequence()
                    + " in ledger.db but at "
                    + (head == null ? "nothing" : "#" + head.sequence())
                    + " in the running ledger: the file changed behind its back"));
      }
    }
    return new Result(rows.size(), lastOfChain.size(), last, Optional.empty());
  }

  /**
   * Whether {@code e} links to the actor's entry before it (in the tail, or read from the file).
   */
  private Optional<String> link(Entry e, Entry before) throws SQLException {
    Hash expected;
    if (e.sequence() == 0) {
      expected = Hash.ZERO;
    } else if (before != null && before.sequence() == e.sequence() - 1) {
      expected = before.hash();
    } else if (before != null) {
      return Optional.of(
          "it comes where #" + (before.sequence() + 1) + " should: an entry is missing");
    } else {
      try {
        Optional<Entry> held = engine.reads.entry(e.actor(), e.sequence() - 1);
        if (held.isEmpty()) {
          return Optional.of("the entry before it, #" + (e.sequence() - 1) + ", is missing");
        }
        expected = held.get().hash();
      } catch (IllegalArgumentException ex) {
        return Optional.of(
            "the entry before it, #"
                + (e.sequence() - 1)
                + ", does not decode: "
                + ex.getMessage());
      }
    }
    return e.previous().equals(expected)
        ? Optional.empty()
        : Optional.of(
            "its previous hash does not link to #" + (e.sequence() - 1) + " of the actor");
  }

  private Result failed(List<Row> rows, long last, Row row, String what) {
    return new Result(
        rows.size(),
        0,
        last,
        Optional.of("entry " + row.actor() + "#" + row.sequence() + ": " + what));
  }
}
