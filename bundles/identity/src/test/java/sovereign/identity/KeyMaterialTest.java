package sovereign.identity;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import sovereign.api.identity.NodeId;

class KeyMaterialTest {

  private static final HexFormat HEX = HexFormat.of();
  private static final SecureRandom RANDOM = new SecureRandom();

  // RFC 8032, section 7.1, TEST 1.
  private static final byte[] RFC8032_SECRET =
      HEX.parseHex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");
  private static final String RFC8032_PUBLIC =
      "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a";
  private static final String RFC8032_SIGNATURE =
      "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b";

  @Test
  void aGeneratedKeySignsAndItsSignatureVerifies() {
    KeyMaterial keys = KeyMaterial.generate(RANDOM);
    byte[] message = "pay 5 IPPC to the treasury".getBytes(UTF_8);

    byte[] signature = keys.sign(message);

    assertThat(signature).hasSize(64);
    assertThat(KeyMaterial.verify(keys.signingPublicKey(), message, signature)).isTrue();
  }

  @Test
  void aSignatureFailsForAnotherMessageAnotherKeyOrAFlippedBit() {
    KeyMaterial keys = KeyMaterial.generate(RANDOM);
    byte[] message = "hello".getBytes(UTF_8);
    byte[] signature = keys.sign(message);
    byte[] flipped = signature.clone();
    flipped[10] ^= 1;

    assertThat(KeyMaterial.verify(keys.signingPublicKey(), "hellO".getBytes(UTF_8), signature))
        .isFalse();
    assertThat(
            KeyMaterial.verify(KeyMaterial.generate(RANDOM).signingPublicKey(), message, signature))
        .isFalse();
    assertThat(KeyMaterial.verify(keys.signingPublicKey(), message, flipped)).isFalse();
  }

  @Test
  void aDecodedKeyIsCachedWithoutBeingTiedToTheCallersArray() {
    KeyMaterial keys = KeyMaterial.generate(RANDOM);
    KeyMaterial other = KeyMaterial.generate(RANDOM);
    byte[] message = "cached".getBytes(UTF_8);
    byte[] signature = keys.sign(message);
    byte[] publicKey = keys.signingPublicKey();

    assertThat(KeyMaterial.verify(publicKey, message, signature)).isTrue();
    assertThat(KeyMaterial.decoded(keys.signingPublicKey()))
        .isSameAs(KeyMaterial.decoded(keys.signingPublicKey()));
    System.arraycopy(other.signingPublicKey(), 0, publicKey, 0, publicKey.length);

    assertThat(KeyMaterial.verify(publicKey, message, signature)).isFalse();
    assertThat(KeyMaterial.verify(keys.signingPublicKey(), message, signature)).isTrue();
    assertThat(KeyMaterial.decodedKeys()).isLessThanOrEqualTo(KeyMaterial.DECODED_KEYS);
  }

  @Test
  void verifyReturnsFalseForMalformedInputInsteadOfThrowing() {
    KeyMaterial keys = KeyMaterial.generate(RANDOM);
    byte[] message = "x".getBytes(UTF_8);

    assertThat(KeyMaterial.verify(keys.signingPublicKey(), message, new byte[63])).isFalse();
    assertThat(KeyMaterial.verify(new byte[31], message, keys.sign(message))).isFalse();
    assertThat(KeyMaterial.verify(null, message, keys.sign(message))).isFalse();
    assertThat(KeyMaterial.verify(keys.signingPublicKey(), null, keys.sign(message))).isFalse();
  }

  @Test
  void matchesRfc8032TestOne() {
    KeyMaterial keys = KeyMaterial.fromPrivateKeys(RFC8032_SECRET, new byte[32]);

    assertThat(HEX.formatHex(keys.signingPublicKey())).isEqualTo(RFC8032_PUBLIC);
    assertThat(HEX.formatHex(keys.sign(new byte[0]))).isEqualTo(RFC8032_SIGNATURE);
  }

  @Test
  void twoNodesAgreeOnTheSameX25519Secret() {
    KeyMaterial alice = KeyMaterial.generate(RANDOM);
    KeyMaterial bob = KeyMaterial.generate(RANDOM);

    byte[] aliceSide = alice.agree(bob.encryptionPublicKey());
    byte[] bobSide = bob.agree(alice.encryptionPublicKey());

    assertThat(aliceSide).hasSize(32).isEqualTo(bobSide);
    assertThat(aliceSide)
        .isNotEqualTo(KeyMaterial.generate(RANDOM).agree(bob.encryptionPublicKey()));
  }

  @Test
  void keyAgreementRefusesALowOrderPoint() {
    KeyMaterial keys = KeyMaterial.generate(RANDOM);

    assertThatThrownBy(() -> keys.agree(new byte[32]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("low-order");
  }

  @Test
  void keysRestoredFromTheirPrivateHalvesAreTheSameKeys() {
    KeyMaterial keys = KeyMaterial.generate(RANDOM);

    KeyMaterial restored =
        KeyMaterial.fromPrivateKeys(keys.signingPrivateKey(), keys.encryptionPrivateKey());

    assertThat(restored.signingPublicKey()).isEqualTo(keys.signingPublicKey());
    assertThat(restored.encryptionPublicKey()).isEqualTo(keys.encryptionPublicKey());
    assertThat(restored.nodeId()).isEqualTo(keys.nodeId());
  }

  @Test
  void theNodeIdOfAKeyIsNodeIdFromPublicKeyAndRoundTrips() {
    KeyMaterial keys = KeyMaterial.generate(RANDOM);

    NodeId id = keys.nodeId();

    assertThat(id).isEqualTo(NodeId.fromPublicKey(keys.signingPublicKey()));
    assertThat(id.toString()).startsWith("12D3KooW");
    assertThat(NodeId.parse(id.toString())).isEqualTo(id);
    assertThat(NodeId.parse(id.toString()).publicKey()).isEqualTo(keys.signingPublicKey());
  }

  @Test
  void rfc8032TestOnePublicKeyHasTheDocumentedNodeId() {
    // docs/identity.md quotes this vector; libp2p (js-libp2p peer-id) gives the same ID.
    KeyMaterial keys = KeyMaterial.fromPrivateKeys(RFC8032_SECRET, new byte[32]);

    assertThat(keys.nodeId().toString())
        .isEqualTo("12D3KooWQK1wnefoLrcVHbbnf5tLzbopUd3K3bFAoJpA7YJgL5pV");
    assertThat(NodeId.fromPublicKey(HEX.parseHex(RFC8032_PUBLIC))).isEqualTo(keys.nodeId());
  }
}
