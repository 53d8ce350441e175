package sovereign.mesh.gossip;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code seen} cache of gossipsub-v1.0 §Message Cache: ids of messages we processed in the last
 * {@code seenTtl}, with the verdict they got, so each message is delivered and forwarded at most
 * once, and a duplicate of a rejected message can be charged like the original (gossipsub-v1.1
 * §P₄). Entries are kept in insertion order; since the TTL is the same for all, expiry pops from
 * the head.
 *
 * <p>Only messages whose signature verified are recorded: the id covers everything the signature
 * covers, so a forged copy could otherwise claim the id of a genuine message that is still on its
 * way.
 */
final class SeenCache {

  private record Seen(long expiresAt, ValidationResult verdict) {}

  private final long ttlMillis;
  private final Map<MessageId, Seen> seen = new LinkedHashMap<>();

  SeenCache(long ttlMillis) {
    this.ttlMillis = ttlMillis;
  }

  /** Records an id with its verdict; the first record wins. */
  void add(MessageId id, ValidationResult verdict, long now) {
    seen.putIfAbsent(id, new Seen(now + ttlMillis, verdict));
  }

  boolean contains(MessageId id) {
    return seen.containsKey(id);
  }

  /** The verdict of a seen id, or null if not seen. */
  ValidationResult verdict(MessageId id) {
    Seen s = seen.get(id);
    return s == null ? null : s.verdict();
  }

  /** Forgets ids whose TTL is over. */
  void expire(long now) {
    Iterator<Seen> it = seen.values().iterator();
    while (it.hasNext()) {
      if (it.next().expiresAt() > now) {
        return;
      }
      it.remove();
    }
  }

  int size() {
    return seen.size();
  }
}
