package sovereign.mesh.gossip;

import java.util.List;

/**
 * A read-only snapshot of the router for shell commands: what it holds now, copied, so it can be
 * printed from another thread.
 *
 * @param self our key
 * @param topics every topic we subscribe to or have fanout state for, by name
 * @param peers every peer with a score record, by key
 * @param banned peers banned now, by key
 * @param seenMessages size of the seen cache
 * @param cachedMessages size of the message cache
 */
public record RouterView(
    PeerKey self,
    List<TopicView> topics,
    List<PeerScoreView> peers,
    List<PeerKey> banned,
    int seenMessages,
    int cachedMessages) {

  /** Copies the lists. */
  public RouterView {
    topics = List.copyOf(topics);
    peers = List.copyOf(peers);
    banned = List.copyOf(banned);
  }

  /** The view of one topic, or null. */
  public TopicView topic(String name) {
    return topics.stream().filter(t -> t.topic().equals(name)).findFirst().orElse(null);
  }

  /** The score view of one peer, or null. */
  public PeerScoreView peer(PeerKey key) {
    return peers.stream().filter(p -> p.peer().equals(key)).findFirst().orElse(null);
  }

  /**
   * One topic.
   *
   * @param topic the name
   * @param subscribed whether we subscribe
   * @param mesh our mesh peers (if subscribed), by key
   * @param fanout our fanout peers (if not subscribed but publishing), by key
   * @param knownSubscribers connected peers that announced the topic
   */
  public record TopicView(
      String topic,
      boolean subscribed,
      List<PeerKey> mesh,
      List<PeerKey> fanout,
      int knownSubscribers) {

    /** Copies the lists. */
    public TopicView {
      mesh = List.copyOf(mesh);
      fanout = List.copyOf(fanout);
    }
  }
}
