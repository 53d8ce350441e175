package sovereign.mesh.gossip;

import java.util.Arrays;
import java.util.Objects;

/**
 * One published message as it travels: topic, origin, sequence number, payload and the origin's
 * Ed25519 signature over {@link SignedContent#bytes the signed content}.
 *
 * <p>Every message is signed (gossipsub-v1.1 §Overview recommends strict signing; libp2p pubsub
 * "StrictSign"). There is no separate {@code from} field: the origin key is both the author and the
 * key the signature is verified against, so a forged origin is a bad signature.
 *
 * <p>Arrays are copied in and out; equality is by content.
 *
 * @param topic the topic, see {@link Topics}
 * @param origin the author's key
 * @param seqno the author's sequence number, an unsigned 64-bit value
 * @param payload the application bytes
 * @param signature 64 bytes of Ed25519 signature
 */
public record GossipMessage(
    String topic, PeerKey origin, long seqno, byte[] payload, byte[] signature) {

  /** Length of an Ed25519 signature. */
  public static final int SIGNATURE_BYTES = 64;

  /** Checks and copies. */
  public GossipMessage {
    Topics.check(topic);
    Objects.requireNonNull(origin, "origin");
    Objects.requireNonNull(payload, "payload");
    if (signature == null || signature.length != SIGNATURE_BYTES) {
      throw new IllegalArgumentException(
          "an Ed25519 signature has "
              + SIGNATURE_BYTES
              + " bytes, not "
              + (signature == null ? "null" : signature.length));
    }
    payload = payload.clone();
    signature = signature.clone();
  }

  /** A copy of the payload. */
  @Override
  public byte[] payload() {
    return payload.clone();
  }

  /** A copy of the signature. */
  @Override
  public byte[] signature() {
    return signature.clone();
  }

  /** The payload without a copy, for code in this package that never writes to it. */
  byte[] payloadRef() {
    return payload;
  }

  /** The signature without a copy, for code in this package that never writes to it. */
  byte[] signatureRef() {
    return signature;
  }

  /** The id: SHA-256 of the signed content. */
  public MessageId id() {
    return SignedContent.id(this);
  }

  /** A copy with another signature: for tests and fuzzers that forge messages. */
  public GossipMessage withSignature(byte[] otherSignature) {
    return new GossipMessage(topic, origin, seqno, payload, otherSignature);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof GossipMessage m
        && topic.equals(m.topic)
        && origin.equals(m.origin)
        && seqno == m.seqno
        && Arrays.equals(payload, m.payload)
        && Arrays.equals(signature, m.signature);
  }

  @Override
  public int hashCode() {
    return Objects.hash(topic, origin, seqno, Arrays.hashCode(payload), Arrays.hashCode(signature));
  }

  @Override
  public String toString() {
    return "GossipMessage[topic="
        + topic
        + ", origin="
        + origin
        + ", seqno="
        + Long.toUnsignedString(seqno)
        + ", payload="
        + payload.length
        + " bytes]";
  }
}
