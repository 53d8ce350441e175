package sovereign.api.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class NodeIdTest {

  /** RFC 8032, section 7.1, test 1: the public key of the all-documented Ed25519 key pair. */
  static final byte[] RFC8032_TEST1_PUBLIC_KEY =
      HexFormat.of().parseHex("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");

  /**
   * The same key's peer ID as computed by js-libp2p ({@code peerIdFromPublicKey}), an independent
   * implementation: the test vector in docs/identity.md.
   */
  static final String RFC8032_TEST1_NODE_ID =
      "12D3KooWQK1wnefoLrcVHbbnf5tLzbopUd3K3bFAoJpA7YJgL5pV";

  @Test
  void nodeIdOfAKeyMatchesTheLibp2pPeerIdTestVector() {
    assertThat(NodeId.fromPublicKey(RFC8032_TEST1_PUBLIC_KEY).toString())
        .isEqualTo(RFC8032_TEST1_NODE_ID);
  }

  @Test
  void parsingTheTextGivesBackTheKey() {
    NodeId id = NodeId.parse(RFC8032_TEST1_NODE_ID);
    assertThat(id.publicKey()).isEqualTo(RFC8032_TEST1_PUBLIC_KEY);
    assertThat(id).isEqualTo(NodeId.fromPublicKey(RFC8032_TEST1_PUBLIC_KEY));
    assertThat(id.hashCode()).isEqualTo(NodeId.fromPublicKey(RFC8032_TEST1_PUBLIC_KEY).hashCode());
  }

  @Test
  void everyKeyGivesAnIdStartingWith12D3KooWThatRoundTrips() {
    java.util.Random random = new java.util.Random(42);
    for (int i = 0; i < 500; i++) {
      byte[] key = new byte[32];
      random.nextBytes(key);
      if (i == 0) {
        key = new byte[32]; // all zeros: the leading-zero case of base58
      }
      NodeId id = NodeId.fromPublicKey(key);
      assertThat(id.toString()).startsWith("12D3KooW");
      assertThat(NodeId.parse(id.toString()).publicKey()).isEqualTo(key);
    }
  }

  @Test
  void keyOfTheWrongLengthIsRefused() {
    assertThatThrownBy(() -> NodeId.fromPublicKey(new byte[31]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("32 bytes, got 31");
  }

  @Test
  void textThatIsNoNodeIdIsRefusedQuotingIt() {
    assertThatThrownBy(() -> NodeId.parse("12D3KooW0OIl"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'12D3KooW0OIl' is not a NodeID")
        .hasMessageContaining("'0' is not a base58 character");
    // Valid base58, but a SHA-256 multihash (a CIDv0-style "Qm…" ID), not an Ed25519 key.
    assertThatThrownBy(() -> NodeId.parse("QmYyQSo1c1Ym7orWxLYvCrM2EmxFTANf8wXmmE7DWjhx5N"))
        .hasMessageContaining("does not encode an Ed25519 key");
    assertThatThrownBy(() -> NodeId.parse("")).hasMessageContaining("is not a NodeID");
    assertThatThrownBy(() -> NodeId.parse(null)).hasMessageContaining("is not a NodeID");
  }
}
