package sovereign.mesh.gossip;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The deterministic byte string a message's origin signs, and from which its id is hashed.
 *
 * <p>Layout (all integers big-endian, no padding):
 *
 * <pre>
 * offset  size  field
 * 0       24    domain: the ASCII bytes of "sovereign/gossip/msg/v1\n"
 * 24      2     topic length T (1..256)
 * 26      T     topic, UTF-8
 * 26+T    32    origin Ed25519 public key
 * 58+T    8     seqno (unsigned)
 * 66+T    4     payload length P
 * 70+T    P     payload
 * </pre>
 *
 * <p>The domain prefix keeps these signatures from being valid for any other Sovereign signing
 * purpose. Every variable-length field is length-prefixed, so two different messages never share a
 * signed content (no concatenation ambiguity).
 *
 * <p>Message id = SHA-256(signed content). The libp2p default id (origin || seqno, gossipsub-v1.0
 * §Message Cache) would let a peer that sees a message first under a forged payload claim the id of
 * the genuine one; hashing the content avoids that, and makes an id checkable against the message
 * an IWANT returns.
 */
public final class SignedContent {

  /** The domain prefix. */
  public static final byte[] DOMAIN =
      "sovereign/gossip/msg/v1\n".getBytes(StandardCharsets.US_ASCII);

  private SignedContent() {}

  /** The signed content of a message with these fields. */
  public static byte[] bytes(String topic, PeerKey origin, long seqno, byte[] payload) {
    byte[] topicBytes = Topics.encode(topic);
    ByteBuffer out =
        ByteBuffer.allocate(
            DOMAIN.length + 2 + topicBytes.length + PeerKey.BYTES + 8 + 4 + payload.length);
    out.put(DOMAIN);
    out.putShort((short) topicBytes.length);
    out.put(topicBytes);
    out.put(origin.bytes());
    out.putLong(seqno);
    out.putInt(payload.length);
    out.put(payload);
    return out.array();
  }

  /** The signed content of a message. */
  public static byte[] bytes(GossipMessage message) {
    return bytes(message.topic(), message.origin(), message.seqno(), message.payloadRef());
  }

  /** The id of a message: SHA-256 of its signed content. */
  public static MessageId id(GossipMessage message) {
    return new MessageId(sha256(bytes(message)));
  }

  static byte[] sha256(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(data);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
