package sovereign.mesh.discovery;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;
import sovereign.api.identity.NodeId;
import sovereign.api.identity.NodeIdentity;

/**
 * A node's signed request to be found under a namespace at a rendezvous point. It carries no
 * address: behind NAT a node does not know where others can reach it, so the point pairs the record
 * with the IP address it observes for the registering connection. The signature lets every node
 * that DISCOVERs the record check that the node itself asked to be found there, at that port.
 *
 * <p>Format 1, big-endian, nothing after the signature:
 *
 * <pre>
 * u8        format, 1
 * 32 bytes  NodeID (its Ed25519 public key)
 * u8, n     namespace: its length (1 to 255), then that many bytes of UTF-8
 * u16       the TCP port the node's mesh listens on, 1 to 65535
 * i64       sequence number, positive, growing per node (wall time in ms, or previous + 1)
 * u32       time to live asked for, seconds, positive
 * 64 bytes  Ed25519 signature by the node over DOMAIN || every byte before the signature
 * </pre>
 *
 * @param node the registering node
 * @param namespace where it wants to be found
 * @param port its mesh port
 * @param sequence its sequence number
 * @param ttlSeconds the lifetime it asks for (the point may grant less)
 * @param signature the node's signature
 */
record Registration(
    NodeId node, String namespace, int port, long sequence, long ttlSeconds, byte[] signature) {

  /** The format version this class reads and writes. */
  static final int FORMAT = 1;

  /** What the signature covers first, so it cannot be taken for a signature of anything else. */
  static final byte[] DOMAIN =
      "sovereign/rendezvous/registration/1\n".getBytes(StandardCharsets.US_ASCII);

  /** The longest namespace, in UTF-8 bytes (as libp2p rendezvous). */
  static final int MAX_NAMESPACE_BYTES = 255;

  /** The length of an encoded registration is at most this. */
  static final int MAX_BYTES = 1 + 32 + 1 + MAX_NAMESPACE_BYTES + 2 + 8 + 4 + 64;

  Registration {
    Objects.requireNonNull(node, "node");
    checkNamespace(namespace);
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("the port must be 1 to 65535, not " + port);
    }
    if (sequence <= 0) {
      throw new IllegalArgumentException("the sequence number must be positive, not " + sequence);
    }
    if (ttlSeconds <= 0 || ttlSeconds > 0xffff_ffffL) {
      throw new IllegalArgumentException("the ttl must be 1 to 2^32-1 seconds, not " + ttlSeconds);
    }
    if (signature.length != 64) {
      throw new IllegalArgumentException("an Ed25519 signature has 64 bytes");
    }
    signature = signature.clone();
  }

  /** Checks a namespace: 1 to 255 bytes of UTF-8, no control characters. */
  static String checkNamespace(String namespace) {
    if (namespace == null || namespace.isEmpty()) {
      throw new IllegalArgumentException("the namespace must not be empty");
    }
    int bytes = namespace.getBytes(StandardCharsets.UTF_8).length;
    if (bytes > MAX_NAMESPACE_BYTES) {
      throw new IllegalArgumentException(
          "a namespace has at most " + MAX_NAMESPACE_BYTES + " UTF-8 bytes, not " + bytes);
    }
    if (namespace.chars().anyMatch(Character::isISOControl)) {
      throw new IllegalArgumentException("a namespace must not hold control characters");
    }
    return namespace;
  }

  /** Makes and signs this node's registration. */
  static Registration sign(
      NodeIdentity identity, String namespace, int port, long sequence, long ttlSeconds) {
    byte[] zero = new byte[64];
    Registration unsigned =
        new Registration(identity.nodeId(), namespace, port, sequence, ttlSeconds, zero);
    return new Registration(
        identity.nodeId(),
        namespace,
        port,
        sequence,
        ttlSeconds,
        identity.sign(unsigned.signedContent()));
  }

  private byte[] body() {
    byte[] ns = namespace.getBytes(StandardCharsets.UTF_8);
    return ByteBuffer.allocate(1 + 32 + 1 + ns.length + 2 + 8 + 4)
        .put((byte) FORMAT)
        .put(node.publicKey())
        .put((byte) ns.length)
        .put(ns)
        .putShort((short) port)
        .putLong(sequence)
        .putInt((int) ttlSeconds)
        .array();
  }

  /** What the signature is over: {@link #DOMAIN} then the record without its signature. */
  byte[] signedContent() {
    byte[] body = body();
    byte[] out = Arrays.copyOf(DOMAIN, DOMAIN.length + body.length);
    System.arraycopy(body, 0, out, DOMAIN.length, body.length);
    return out;
  }

  /** Whether the signature is the node's. */
  boolean verify(Verifier verifier) {
    return verifier.verify(node, signedContent(), signature);
  }

  byte[] encode() {
    byte[] body = body();
    return ByteBuffer.allocate(body.length + 64).put(body).put(signature).array();
  }

  /**
   * Reads a registration; the signature is not checked here.
   *
   * @throws IllegalArgumentException saying what is malformed
   */
  static Registration decode(byte[] bytes) {
    RendezvousWire.Reader r = new RendezvousWire.Reader(bytes, "registration");
    int format = r.u8();
    if (format != FORMAT) {
      throw r.malformed("format " + format + ", expected " + FORMAT);
    }
    NodeId node = r.node();
    String namespace = r.string();
    int port = r.u16();
    long sequence = r.i64();
    long ttl = r.u32();
    byte[] signature = r.bytes(64);
    r.end();
    try {
      return new Registration(node, namespace, port, sequence, ttl, signature);
    } catch (IllegalArgumentException e) {
      throw r.malformed(e.getMessage());
    }
  }

  @Override
  public byte[] signature() {
    return signature.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Registration r && Arrays.equals(encode(), r.encode());
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(encode());
  }

  /** Checks a node's Ed25519 signature (the node identity's {@code verify}). */
  @FunctionalInterface
  interface Verifier {
    boolean verify(NodeId signer, byte[] message, byte[] signature);
  }
}
