package sovereign.mesh.gossip;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * IWANT follow-up, gossipsub-v1.1 §P₇: when we answer an IHAVE with an IWANT, the advertiser
 * promised the message. If it has not arrived (from anyone) by the deadline, the promise is broken
 * and the advertiser is charged a behaviour penalty. One outstanding promise per id: we do not ask
 * a second peer for an id already asked for, until the first promise expires.
 */
final class Promises {

  private record Promise(PeerKey peer, long deadline) {}

  private final Map<MessageId, Promise> promises = new LinkedHashMap<>();

  boolean pending(MessageId id) {
    return promises.containsKey(id);
  }

  void add(MessageId id, PeerKey peer, long deadline) {
    promises.putIfAbsent(id, new Promise(peer, deadline));
  }

  /** The message arrived: whoever promised it is off the hook. */
  void fulfil(MessageId id) {
    promises.remove(id);
  }

  /** Removes expired promises; returns one entry per broken promise (a peer may repeat). */
  List<PeerKey> expire(long now, Predicate<MessageId> arrived) {
    List<PeerKey> broken = new ArrayList<>();
    Iterator<Map.Entry<MessageId, Promise>> it = promises.entrySet().iterator();
    while (it.hasNext()) {
      Map.Entry<MessageId, Promise> e = it.next();
      if (now >= e.getValue().deadline()) {
        if (!arrived.test(e.getKey())) {
          broken.add(e.getValue().peer());
        }
        it.remove();
      }
    }
    return broken;
  }
}
