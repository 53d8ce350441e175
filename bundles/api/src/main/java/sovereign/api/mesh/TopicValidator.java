package sovereign.api.mesh;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Decides whether a message of a topic is delivered and forwarded; see {@link
 * Mesh#registerValidator}. It runs on the gossip thread after the signature check, for messages
 * from peers and for this node's own: it must be quick and must not block. One that throws counts
 * as {@link Verdict#IGNORE}.
 */
@ConsumerType
@FunctionalInterface
public interface TopicValidator {

  /** The verdict on a message whose signature is valid. */
  Verdict validate(MeshMessage message);
}
