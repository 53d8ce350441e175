package sovereign.api.identity;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The node's keys, available only after the hardware check passed. Every other core service depends
 * on this one, which is how a cloned disk stops the boot before they start.
 */
@ProviderType
public interface NodeIdentity {

  /** This node's ID. */
  NodeId nodeId();

  /** The Ed25519 public key (32 bytes, a copy). */
  byte[] signingPublicKey();

  /** The X25519 public key for encryption to this node (32 bytes, a copy). */
  byte[] encryptionPublicKey();

  /** Signs a message with the node's Ed25519 key (RFC 8032, pure Ed25519; 64 bytes). */
  byte[] sign(byte[] message);

  /**
   * Checks an Ed25519 signature by any node, against the key embedded in its ID. Returns false for
   * a bad or malformed signature; never throws for bad input.
   */
  boolean verify(NodeId signer, byte[] message, byte[] signature);

  /**
   * A stable identifier of this machine, for license binding: hex SHA-256 of the hardware
   * fingerprint material, the same for every node on this machine and never the raw values.
   */
  String machineId();
}
