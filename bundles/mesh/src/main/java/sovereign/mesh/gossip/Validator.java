package sovereign.mesh.gossip;

/**
 * A topic validator other bundles register with {@link GossipRouter#registerValidator}. Runs after
 * the signature check, on the router's thread, so it must be quick and must not block; a validator
 * that throws counts as {@link ValidationResult#IGNORE} (our bug, not the sender's).
 */
@FunctionalInterface
public interface Validator {

  /** The verdict on a message whose signature is valid. */
  ValidationResult validate(GossipMessage message);
}
