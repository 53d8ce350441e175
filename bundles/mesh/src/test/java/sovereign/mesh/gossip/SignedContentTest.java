package sovereign.mesh.gossip;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class SignedContentTest {

  private static final HexFormat HEX = HexFormat.of();

  @Test
  void theLayoutIsTheDocumentedOne() {
    byte[] origin = new byte[32];
    origin[31] = 7;
    byte[] bytes =
        SignedContent.bytes("ab", new PeerKey(origin), 0x0102030405060708L, new byte[] {9});
    assertThat(HEX.formatHex(bytes))
        .isEqualTo(
            HEX.formatHex("sovereign/gossip/msg/v1\n".getBytes(StandardCharsets.US_ASCII))
                + "0002"
                + "6162"
                + "00".repeat(31)
                + "07"
                + "0102030405060708"
                + "00000001"
                + "09");
  }

  @Test
  void theIdIsTheSha256OfTheSignedContentAndIgnoresTheSignature() {
    Signer signer = Ed25519.signer(new byte[32]);
    GossipMessage m = SimNetwork.message(signer, "t", signer.publicKey(), 1, new byte[] {1});
    assertThat(m.id().bytes()).isEqualTo(SignedContent.sha256(SignedContent.bytes(m)));
    assertThat(m.withSignature(new byte[64]).id()).isEqualTo(m.id());
    assertThat(SimNetwork.message(signer, "t", signer.publicKey(), 1, new byte[] {2}).id())
        .isNotEqualTo(m.id());
  }

  @Test
  void ed25519VerifiesWhatItSignedAndNothingElse() {
    Signer alice = Ed25519.signer(new byte[32]);
    byte[] seed = new byte[32];
    seed[0] = 1;
    Signer bob = Ed25519.signer(seed);
    SignatureVerifier v = Ed25519.verifier();
    byte[] data = "data".getBytes(StandardCharsets.UTF_8);
    byte[] sig = alice.sign(data);
    assertThat(v.verify(alice.publicKey(), data, sig)).isTrue();
    assertThat(v.verify(bob.publicKey(), data, sig)).isFalse();
    assertThat(v.verify(alice.publicKey(), "datb".getBytes(StandardCharsets.UTF_8), sig)).isFalse();
    assertThat(v.verify(alice.publicKey(), data, new byte[64])).isFalse();
    byte[] notAPoint = new byte[32];
    java.util.Arrays.fill(notAPoint, (byte) 0xff);
    assertThat(v.verify(new PeerKey(notAPoint), data, sig)).isFalse();
  }
}
