package sovereign.identity;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import org.junit.jupiter.api.Test;
import sovereign.api.identity.NodeId;

class NodeIdentityServiceTest {

  private static final SecureRandom RANDOM = new SecureRandom();

  private final KeyMaterial keys = KeyMaterial.generate(RANDOM);
  private final NodeIdentityService identity = new NodeIdentityService(keys, "m".repeat(64));

  @Test
  void aSignatureVerifiesAgainstTheSignersNodeIdAlone() {
    byte[] message = "vote yes on proposal 7".getBytes(UTF_8);
    byte[] signature = identity.sign(message);
    NodeId parsed = NodeId.parse(identity.nodeId().toString());

    NodeIdentityService other = new NodeIdentityService(KeyMaterial.generate(RANDOM), "x");

    assertThat(other.verify(parsed, message, signature)).isTrue();
    assertThat(other.verify(other.nodeId(), message, signature)).isFalse();
  }

  @Test
  void verifyNeverThrowsForBadInput() {
    byte[] message = "m".getBytes(UTF_8);

    assertThat(identity.verify(null, message, identity.sign(message))).isFalse();
    assertThat(identity.verify(identity.nodeId(), message, null)).isFalse();
    assertThat(identity.verify(identity.nodeId(), message, new byte[5])).isFalse();
  }

  @Test
  void publicKeysAreCopiesOfTheNodesKeys() {
    byte[] signing = identity.signingPublicKey();
    signing[0] ^= 1;

    assertThat(identity.signingPublicKey()).isEqualTo(keys.signingPublicKey());
    assertThat(identity.encryptionPublicKey()).isEqualTo(keys.encryptionPublicKey());
    assertThat(identity.nodeId().publicKey()).isEqualTo(keys.signingPublicKey());
    assertThat(identity.machineId()).isEqualTo("m".repeat(64));
  }

  @Test
  void signingNullIsRefused() {
    assertThatThrownBy(() -> identity.sign(null)).isInstanceOf(IllegalArgumentException.class);
  }
}
