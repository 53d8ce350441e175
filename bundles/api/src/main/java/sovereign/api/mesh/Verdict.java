package sovereign.api.mesh;

/** A {@link TopicValidator}'s verdict (as in libp2p pubsub). */
public enum Verdict {
  /** Valid: deliver and forward. */
  ACCEPT,
  /** Invalid: drop, do not forward, and lower the score of the peer that sent it. */
  REJECT,
  /** Not wanted but not a fault (stale, a duplicate for the application): drop quietly. */
  IGNORE
}
