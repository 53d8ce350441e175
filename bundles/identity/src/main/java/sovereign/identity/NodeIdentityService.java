package sovereign.identity;

import sovereign.api.identity.NodeId;
import sovereign.api.identity.NodeIdentity;

/** The {@link NodeIdentity} service: the node's unlocked keys and this machine's id. */
final class NodeIdentityService implements NodeIdentity {

  private final KeyMaterial keys;
  private final NodeId nodeId;
  private final String machineId;

  NodeIdentityService(KeyMaterial keys, String machineId) {
    this.keys = keys;
    this.nodeId = keys.nodeId();
    this.machineId = machineId;
  }

  @Override
  public NodeId nodeId() {
    return nodeId;
  }

  @Override
  public byte[] signingPublicKey() {
    return keys.signingPublicKey();
  }

  @Override
  public byte[] encryptionPublicKey() {
    return keys.encryptionPublicKey();
  }

  @Override
  public byte[] sign(byte[] message) {
    if (message == null) {
      throw new IllegalArgumentException("cannot sign a null message");
    }
    return keys.sign(message);
  }

  @Override
  public boolean verify(NodeId signer, byte[] message, byte[] signature) {
    return signer != null && KeyMaterial.verify(signer.publicKey(), message, signature);
  }

  @Override
  public String machineId() {
    return machineId;
  }

  @Override
  public String toString() {
    return "NodeIdentity[" + nodeId + "]";
  }
}
