package sovereign.mesh.gossip;

/**
 * Hands a validated message to the local subscribers of its topic: once per message id while the id
 * is in the seen cache (gossipsub-v1.0 §Message Cache). Called on the router's thread.
 */
@FunctionalInterface
public interface Delivery {

  /** Delivers a message that passed signature check and the topic's validator. */
  void deliver(MessageId id, GossipMessage message);
}
