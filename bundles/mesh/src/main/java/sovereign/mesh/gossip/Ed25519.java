package sovereign.mesh.gossip;

import java.security.SecureRandom;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

/**
 * Ed25519 {@link Signer} and {@link SignatureVerifier} on Bouncy Castle's lightweight API (RFC
 * 8032, pure Ed25519, no context). The integration can use these directly with the node's identity
 * key, or wrap its own key store.
 */
public final class Ed25519 {

  private Ed25519() {}

  /** A signer from a 32-byte private key seed. */
  public static Signer signer(byte[] seed) {
    Ed25519PrivateKeyParameters key = new Ed25519PrivateKeyParameters(seed, 0);
    PeerKey publicKey = new PeerKey(key.generatePublicKey().getEncoded());
    return new Signer() {
      @Override
      public PeerKey publicKey() {
        return publicKey;
      }

      @Override
      public byte[] sign(byte[] data) {
        Ed25519Signer s = new Ed25519Signer();
        s.init(true, key);
        s.update(data, 0, data.length);
        return s.generateSignature();
      }

      @Override
      public String toString() {
        return "Ed25519Signer[" + publicKey + "]";
      }
    };
  }

  /** A signer with a fresh random key. */
  public static Signer generate(SecureRandom random) {
    byte[] seed = new byte[Ed25519PrivateKeyParameters.KEY_SIZE];
    random.nextBytes(seed);
    return signer(seed);
  }

  /** The verifier; never throws on malformed keys or signatures, it answers false. */
  public static SignatureVerifier verifier() {
    return (key, data, signature) -> {
      if (signature == null || signature.length != GossipMessage.SIGNATURE_BYTES) {
        return false;
      }
      try {
        Ed25519Signer v = new Ed25519Signer();
        v.init(false, new Ed25519PublicKeyParameters(key.bytes(), 0));
        v.update(data, 0, data.length);
        return v.verifySignature(signature);
      } catch (RuntimeException e) {
        // A key that is not a curve point: not a valid signature.
        return false;
      }
    };
  }
}
