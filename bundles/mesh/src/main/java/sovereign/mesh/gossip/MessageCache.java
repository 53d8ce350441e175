package sovereign.mesh.gossip;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code mcache} of gossipsub-v1.0 §Message Cache: validated messages in {@code historyLength}
 * windows of one heartbeat each; IHAVE advertises the ids of the newest {@code historyGossip}
 * windows and IWANT is served from all of them. {@link #shift()} runs once per heartbeat, after
 * gossip emission.
 */
final class MessageCache {

  private record Entry(MessageId id, String topic) {}

  private final int historyLength;
  private final int historyGossip;
  private final Map<MessageId, GossipMessage> messages = new HashMap<>();
  private final Deque<List<Entry>> windows = new ArrayDeque<>();

  MessageCache(int historyLength, int historyGossip) {
    this.historyLength = historyLength;
    this.historyGossip = historyGossip;
    windows.addFirst(new ArrayList<>());
  }

  /** Adds a message to the newest window; a message already cached is left where it is. */
  void put(MessageId id, GossipMessage message) {
    if (messages.putIfAbsent(id, message) == null) {
      windows.peekFirst().add(new Entry(id, message.topic()));
    }
  }

  Optional<GossipMessage> get(MessageId id) {
    return Optional.ofNullable(messages.get(id));
  }

  /** Ids of {@code topic} in the newest {@code historyGossip} windows, newest first. */
  List<MessageId> gossipIds(String topic) {
    List<MessageId> ids = new ArrayList<>();
    Iterator<List<Entry>> it = windows.iterator();
    for (int w = 0; w < historyGossip && it.hasNext(); w++) {
      for (Entry e : it.next()) {
        if (e.topic().equals(topic)) {
          ids.add(e.id());
        }
      }
    }
    return ids;
  }

  /** Opens a new window and forgets the messages of the window that falls off the end. */
  void shift() {
    windows.addFirst(new ArrayList<>());
    while (windows.size() > historyLength) {
      for (Entry e : windows.removeLast()) {
        messages.remove(e.id());
      }
    }
  }

  int size() {
    return messages.size();
  }
}
