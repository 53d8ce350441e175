package sovereign.mesh.gossip;

import java.util.ArrayList;
import java.util.List;

/**
 * One RPC between two routers: subscription changes, full messages and control messages, as in the
 * libp2p pubsub RPC (gossipsub-v1.0 §Protobuf), minus peer exchange. Control messages ride on
 * whatever RPC goes to the peer next (gossipsub-v1.0 §Control Message Piggybacking).
 *
 * <p>Immutable; lists are copied. The wire form is {@link RpcCodec}'s.
 *
 * @param subscriptions SUBSCRIBE / UNSUBSCRIBE announcements
 * @param messages full messages
 * @param grafts GRAFT: the sender added us to its mesh for a topic
 * @param prunes PRUNE: the sender removed us from its mesh, with a backoff
 * @param ihaves IHAVE: ids the sender has in its message cache
 * @param iwants IWANT: ids the sender asks us for
 */
public record Rpc(
    List<Subscription> subscriptions,
    List<GossipMessage> messages,
    List<Graft> grafts,
    List<Prune> prunes,
    List<IHave> ihaves,
    List<IWant> iwants) {

  /** The RPC with nothing in it. */
  public static final Rpc EMPTY =
      new Rpc(List.of(), List.of(), List.of(), List.of(), List.of(), List.of());

  /** Copies the lists (which must not hold nulls). */
  public Rpc {
    subscriptions = List.copyOf(subscriptions);
    messages = List.copyOf(messages);
    grafts = List.copyOf(grafts);
    prunes = List.copyOf(prunes);
    ihaves = List.copyOf(ihaves);
    iwants = List.copyOf(iwants);
  }

  /** Whether the RPC carries nothing. */
  public boolean isEmpty() {
    return subscriptions.isEmpty()
        && messages.isEmpty()
        && grafts.isEmpty()
        && prunes.isEmpty()
        && ihaves.isEmpty()
        && iwants.isEmpty();
  }

  /** Whether the RPC carries any control message. */
  public boolean hasControl() {
    return !(grafts.isEmpty() && prunes.isEmpty() && ihaves.isEmpty() && iwants.isEmpty());
  }

  /** A builder for an RPC. */
  public static Builder builder() {
    return new Builder();
  }

  /** A subscription change: {@code subscribe} true to join, false to leave. */
  public record Subscription(boolean subscribe, String topic) {
    /** Checks the topic. */
    public Subscription {
      Topics.check(topic);
    }
  }

  /** GRAFT (gossipsub-v1.0 §GRAFT). */
  public record Graft(String topic) {
    /** Checks the topic. */
    public Graft {
      Topics.check(topic);
    }
  }

  /**
   * PRUNE with the backoff the pruned peer must wait before grafting again (gossipsub-v1.1 §PRUNE
   * Backoff and Peer Exchange). 0 means "the receiver's default".
   */
  public record Prune(String topic, long backoffSeconds) {
    /** Checks the topic and the backoff. */
    public Prune {
      Topics.check(topic);
      if (backoffSeconds < 0 || backoffSeconds > RpcCodec.MAX_BACKOFF_SECONDS) {
        throw new IllegalArgumentException(
            "a PRUNE backoff is 0.." + RpcCodec.MAX_BACKOFF_SECONDS + " s, not " + backoffSeconds);
      }
    }
  }

  /** IHAVE (gossipsub-v1.0 §IHAVE). */
  public record IHave(String topic, List<MessageId> ids) {
    /** Checks the topic and copies the ids. */
    public IHave {
      Topics.check(topic);
      ids = List.copyOf(ids);
    }
  }

  /** IWANT (gossipsub-v1.0 §IWANT). */
  public record IWant(List<MessageId> ids) {
    /** Copies the ids. */
    public IWant {
      ids = List.copyOf(ids);
    }
  }

  /** Collects the parts of one RPC. */
  public static final class Builder {
    private final List<Subscription> subscriptions = new ArrayList<>();
    private final List<GossipMessage> messages = new ArrayList<>();
    private final List<Graft> grafts = new ArrayList<>();
    private final List<Prune> prunes = new ArrayList<>();
    private final List<IHave> ihaves = new ArrayList<>();
    private final List<IWant> iwants = new ArrayList<>();

    private Builder() {}

    public Builder subscription(Subscription s) {
      subscriptions.add(s);
      return this;
    }

    public Builder message(GossipMessage m) {
      messages.add(m);
      return this;
    }

    public Builder graft(Graft g) {
      grafts.add(g);
      return this;
    }

    public Builder prune(Prune p) {
      prunes.add(p);
      return this;
    }

    public Builder ihave(IHave i) {
      ihaves.add(i);
      return this;
    }

    public Builder iwant(IWant i) {
      iwants.add(i);
      return this;
    }

    /** The RPC so far. */
    public Rpc build() {
      return new Rpc(subscriptions, messages, grafts, prunes, ihaves, iwants);
    }
  }
}
