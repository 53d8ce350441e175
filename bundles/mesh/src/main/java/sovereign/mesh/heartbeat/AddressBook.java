package sovereign.mesh.heartbeat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import sovereign.api.identity.NodeId;

/**
 * The peer records this node holds, at most {@link #capacity} of them, one per node: the newest
 * sequence number wins, expired records are dropped, and when it is full a new node's record
 * displaces the record that expires first (if that expires before the new one). Thread-safe.
 */
final class AddressBook {

  /** Records held by default. */
  static final int CAPACITY = 1000;

  private final int capacity;
  private final NodeId self;
  private final Map<NodeId, Entry> entries = new HashMap<>();

  /**
   * A record and when this node received it.
   *
   * @param record the record
   * @param receivedMillis when it arrived, Unix epoch ms, by this node's clock
   */
  record Entry(PeerRecord record, long receivedMillis) {}

  AddressBook(NodeId self, int capacity) {
    this.self = self;
    this.capacity = capacity;
  }

  /**
   * Files a record, unless it is this node's own, expired, or not newer than the one held.
   *
   * @return whether it was filed
   */
  synchronized boolean put(PeerRecord record, long nowMillis) {
    if (record.node().equals(self) || record.expiresMillis() <= nowMillis) {
      return false;
    }
    Entry held = entries.get(record.node());
    if (held != null) {
      if (held.record().sequence() >= record.sequence()) {
        return false;
      }
    } else if (entries.size() >= capacity) {
      expire(nowMillis);
      if (entries.size() >= capacity) {
        Entry first =
            entries.values().stream()
                .min(Comparator.comparingLong((Entry e) -> e.record().expiresMillis()))
                .orElseThrow();
        if (first.record().expiresMillis() >= record.expiresMillis()) {
          return false;
        }
        entries.remove(first.record().node());
      }
    }
    entries.put(record.node(), new Entry(record, nowMillis));
    return true;
  }

  /** The sequence number of the record held for {@code node}. */
  synchronized Optional<Long> sequence(NodeId node) {
    Entry e = entries.get(node);
    return e == null ? Optional.empty() : Optional.of(e.record().sequence());
  }

  /** Drops the expired records. */
  synchronized void expire(long nowMillis) {
    entries.values().removeIf(e -> e.record().expiresMillis() <= nowMillis);
  }

  /** Forgets a node. */
  synchronized void remove(NodeId node) {
    entries.remove(node);
  }

  /** The records held, by NodeID. */
  synchronized List<Entry> list() {
    List<Entry> out = new ArrayList<>(entries.values());
    out.sort(Comparator.comparing(e -> e.record().node()));
    return out;
  }

  synchronized int size() {
    return entries.size();
  }
}
