package sovereign.mesh.transport;

import java.security.SecureRandom;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import sovereign.api.identity.NodeId;
import sovereign.api.identity.NodeIdentity;

/**
 * A {@link NodeIdentity} backed by an in-memory Bouncy Castle Ed25519 key. {@link #lying} makes one
 * that claims another node's ID but signs with its own key, as an impostor would.
 */
public final class TestIdentity implements NodeIdentity {

  private final NodeId claimed;
  private final Ed25519PrivateKeyParameters key;

  private TestIdentity(NodeId claimed, Ed25519PrivateKeyParameters key) {
    this.claimed = claimed;
    this.key = key;
  }

  public static TestIdentity random() {
    Ed25519PrivateKeyParameters key = new Ed25519PrivateKeyParameters(new SecureRandom());
    return new TestIdentity(NodeId.fromPublicKey(key.generatePublicKey().getEncoded()), key);
  }

  /** Claims to be {@code victim} but holds only a key of its own. */
  static TestIdentity lying(NodeId victim) {
    return new TestIdentity(victim, new Ed25519PrivateKeyParameters(new SecureRandom()));
  }

  @Override
  public NodeId nodeId() {
    return claimed;
  }

  @Override
  public byte[] signingPublicKey() {
    return claimed.publicKey();
  }

  @Override
  public byte[] encryptionPublicKey() {
    throw new UnsupportedOperationException("not needed by the mesh transport");
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
    Ed25519Signer verifier = new Ed25519Signer();
    verifier.init(false, new Ed25519PublicKeyParameters(signer.publicKey(), 0));
    verifier.update(message, 0, message.length);
    return verifier.verifySignature(signature);
  }

  @Override
  public String machineId() {
    return "test";
  }
}
