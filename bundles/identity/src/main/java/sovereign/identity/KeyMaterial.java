package sovereign.identity;

import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.bouncycastle.crypto.agreement.X25519Agreement;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.params.X25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.X25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import sovereign.api.identity.NodeId;

/**
 * A node's two key pairs, with Bouncy Castle's lightweight API: Ed25519 to sign (RFC 8032) and
 * X25519 to agree on keys for encryption to the node (RFC 7748).
 */
final class KeyMaterial {

  static final int KEY_BYTES = 32;
  static final int SIGNATURE_BYTES = Ed25519PrivateKeyParameters.SIGNATURE_SIZE;

  /** Decoded public keys kept at most; the cache is emptied when it would grow past this. */
  static final int DECODED_KEYS = 4096;

  /**
   * Ed25519 public keys already decoded (the point decompression is about a sixth of a
   * verification), by their 32 bytes. Only keys that decoded are kept; the parameters are
   * immutable, so threads share them.
   */
  private static final Map<ByteBuffer, Ed25519PublicKeyParameters> DECODED =
      new ConcurrentHashMap<>();

  private final Ed25519PrivateKeyParameters signing;
  private final Ed25519PublicKeyParameters signingPublic;
  private final X25519PrivateKeyParameters encryption;
  private final X25519PublicKeyParameters encryptionPublic;

  private KeyMaterial(Ed25519PrivateKeyParameters signing, X25519PrivateKeyParameters encryption) {
    this.signing = signing;
    this.signingPublic = signing.generatePublicKey();
    this.encryption = encryption;
    this.encryptionPublic = encryption.generatePublicKey();
  }

  /** Fresh key pairs from {@code random}. */
  static KeyMaterial generate(SecureRandom random) {
    return new KeyMaterial(
        new Ed25519PrivateKeyParameters(random), new X25519PrivateKeyParameters(random));
  }

  /** Restores key pairs from their 32-byte private keys (the Ed25519 seed, the X25519 scalar). */
  static KeyMaterial fromPrivateKeys(byte[] ed25519PrivateKey, byte[] x25519PrivateKey) {
    return new KeyMaterial(
        new Ed25519PrivateKeyParameters(ed25519PrivateKey),
        new X25519PrivateKeyParameters(x25519PrivateKey));
  }

  NodeId nodeId() {
    return NodeId.fromPublicKey(signingPublicKey());
  }

  byte[] signingPublicKey() {
    return signingPublic.getEncoded();
  }

  byte[] encryptionPublicKey() {
    return encryptionPublic.getEncoded();
  }

  /** The Ed25519 private key (seed); for the key file only. */
  byte[] signingPrivateKey() {
    return signing.getEncoded();
  }

  /** The X25519 private key; for the key file only. */
  byte[] encryptionPrivateKey() {
    return encryption.getEncoded();
  }

  /** A pure Ed25519 signature (64 bytes). */
  byte[] sign(byte[] message) {
    Ed25519Signer signer = new Ed25519Signer();
    signer.init(true, signing);
    signer.update(message, 0, message.length);
    return signer.generateSignature();
  }

  /** Checks a pure Ed25519 signature; false for any malformed input, never an exception. */
  static boolean verify(byte[] publicKey, byte[] message, byte[] signature) {
    if (publicKey == null
        || publicKey.length != KEY_BYTES
        || message == null
        || signature == null
        || signature.length != SIGNATURE_BYTES) {
      return false;
    }
    Ed25519PublicKeyParameters key;
    try {
      key = decoded(publicKey);
    } catch (RuntimeException e) {
      return false; // not a point on the curve
    }
    try {
      Ed25519Signer verifier = new Ed25519Signer();
      verifier.init(false, key);
      verifier.update(message, 0, message.length);
      return verifier.verifySignature(signature);
    } catch (RuntimeException e) {
      return false;
    }
  }

  /**
   * The decoded Ed25519 public key, from the cache or decoded now (and cached).
   *
   * @throws IllegalArgumentException if the 32 bytes are not a valid point
   */
  static Ed25519PublicKeyParameters decoded(byte[] publicKey) {
    ByteBuffer id = ByteBuffer.wrap(publicKey);
    Ed25519PublicKeyParameters key = DECODED.get(id);
    if (key == null) {
      key = new Ed25519PublicKeyParameters(publicKey);
      if (DECODED.size() >= DECODED_KEYS) {
        DECODED.clear();
      }
      DECODED.put(ByteBuffer.wrap(publicKey.clone()), key);
    }
    return key;
  }

  /** How many decoded keys the cache holds (for tests). */
  static int decodedKeys() {
    return DECODED.size();
  }

  /**
   * The X25519 shared secret with a peer's public key (32 bytes).
   *
   * @throws IllegalArgumentException if the peer key is not 32 bytes or is a low-order point
   */
  byte[] agree(byte[] peerPublicKey) {
    if (peerPublicKey == null || peerPublicKey.length != KEY_BYTES) {
      throw new IllegalArgumentException("an X25519 public key has 32 bytes");
    }
    X25519Agreement agreement = new X25519Agreement();
    agreement.init(encryption);
    byte[] secret = new byte[agreement.getAgreementSize()];
    try {
      agreement.calculateAgreement(new X25519PublicKeyParameters(peerPublicKey), secret, 0);
    } catch (IllegalStateException e) {
      throw new IllegalArgumentException("the X25519 public key is a low-order point");
    }
    return secret;
  }
}
