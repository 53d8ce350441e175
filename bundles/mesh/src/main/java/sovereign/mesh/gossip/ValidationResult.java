package sovereign.mesh.gossip;

/**
 * A topic validator's verdict, as in libp2p pubsub's extended validators (gossipsub-v1.1 §P₄ relies
 * on the distinction).
 */
public enum ValidationResult {
  /** Valid: deliver and forward; the first deliverer earns P₂ credit. */
  ACCEPT,
  /** Invalid: drop, do not forward, and charge the sender an invalid-message penalty (P₄). */
  REJECT,
  /** Not wanted but not a fault (stale, duplicate at the application level): drop quietly. */
  IGNORE
}
