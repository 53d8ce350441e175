package sovereign.mesh.gossip;

/** Checks a message signature against the origin's key. Must not throw on garbage input. */
@FunctionalInterface
public interface SignatureVerifier {

  /** Whether {@code signature} is a valid Ed25519 signature by {@code key} over {@code data}. */
  boolean verify(PeerKey key, byte[] data, byte[] signature);
}
