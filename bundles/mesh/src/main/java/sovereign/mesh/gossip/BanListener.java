package sovereign.mesh.gossip;

/**
 * Told when a peer's score falls below the ban threshold (gossipsub-v1.1 §Score Thresholds: the
 * spec leaves what happens below graylist to the application; we ban). The transport closes the
 * connection and the persistence layer keeps the ban for its configured period. Called on the
 * router's thread, once per ban; must not call back into the router.
 */
@FunctionalInterface
public interface BanListener {

  /** {@code peer} is banned; {@code reason} says which score and which offence. */
  void ban(PeerKey peer, String reason);
}
