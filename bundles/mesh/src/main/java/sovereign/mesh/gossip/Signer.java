package sovereign.mesh.gossip;

/** Signs the messages this node publishes; its key is the origin of those messages. */
public interface Signer {

  /** The key that verifies this signer's signatures. */
  PeerKey publicKey();

  /** A 64-byte Ed25519 signature over {@code data}. */
  byte[] sign(byte[] data);
}
