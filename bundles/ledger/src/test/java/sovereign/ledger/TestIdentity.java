package sovereign.ledger;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import sovereign.api.identity.NodeId;
import sovereign.api.identity.NodeIdentity;

/** A {@link NodeIdentity} over a Bouncy Castle Ed25519 key, as the identity bundle's is. */
final class TestIdentity implements NodeIdentity {

  /** RFC 8032 section 7.1, test 1: the secret key (seed). */
  static final String RFC8032_TEST1_SEED =
      "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60";

  private static final SecureRandom RANDOM = new SecureRandom();

  /** Decoded public keys by NodeID (bounded), as the identity bundle's KeyMaterial keeps them. */
  private static final Map<NodeId, Ed25519PublicKeyParameters> DECODED = new ConcurrentHashMap<>();

  private final Ed25519PrivateKeyParameters key;
  private final byte[] publicKey;
  private final NodeId nodeId;

  private TestIdentity(Ed25519PrivateKeyParameters key) {
    this.key = key;
    this.publicKey = key.generatePublicKey().getEncoded();
    this.nodeId = NodeId.fromPublicKey(publicKey);
  }

  static TestIdentity rfc8032Test1() {
    return new TestIdentity(
        new Ed25519PrivateKeyParameters(HexFormat.of().parseHex(RFC8032_TEST1_SEED)));
  }

  static TestIdentity random() {
    return new TestIdentity(new Ed25519PrivateKeyParameters(RANDOM));
  }

  @Override
  public NodeId nodeId() {
    return nodeId;
  }

  @Override
  public byte[] signingPublicKey() {
    return publicKey.clone();
  }

  @Override
  public byte[] encryptionPublicKey() {
    return new byte[32];
  }

  @Override
  public byte[] sign(byte[] message) {
    Ed25519Signer signer = new Ed25519Signer();
    signer.init(true, key);
    signer.update(message, 0, message.length);
    return signer.generateSignature();
  }

  @Override
  public boolean verify(NodeId signer, byte[] message, byte[] signature) {
    if (signer == null || message == null || signature == null || signature.length != 64) {
      return false;
    }
    try {
      Ed25519PublicKeyParameters key = DECODED.get(signer);
      if (key == null) {
        key = new Ed25519PublicKeyParameters(signer.publicKey());
        if (DECODED.size() >= 4096) {
          DECODED.clear();
        }
        DECODED.put(signer, key);
      }
      Ed25519Signer verifier = new Ed25519Signer();
      verifier.init(false, key);
      verifier.update(message, 0, message.length);
      return verifier.verifySignature(signature);
    } catch (RuntimeException e) {
      return false;
    }
  }

  @Override
  public String machineId() {
    return "test";
  }
}
