package sovereign.api.identity;

import java.util.Arrays;

/**
 * A node's identifier, derived from its Ed25519 public key in the libp2p peer-ID text form, so any
 * libp2p tool recomputes it and anyone can check it against the key (docs/identity.md):
 *
 * <pre>
 * key     = 0x08 0x01 0x12 0x20 || ed25519-public-key   (protobuf PublicKey{Type=Ed25519, Data})
 * digest  = 0x00 0x24 || key                            (identity multihash, 36 bytes)
 * NodeID  = base58btc(digest)                           (always starts with "12D3KooW")
 * </pre>
 *
 * <p>The public key is embedded in the ID, so a signature can be checked against a NodeID alone.
 */
public final class NodeId implements Comparable<NodeId> {

  private static final byte[] PREFIX = {0x00, 0x24, 0x08, 0x01, 0x12, 0x20};
  private static final int KEY_LENGTH = 32;

  private final byte[] publicKey;

  /**
   * The text form, computed on first use: the mesh makes a NodeId for every frame it routes and
   * rarely prints one, and base58 is the costly part.
   */
  private volatile String text;

  private NodeId(byte[] publicKey) {
    this.publicKey = publicKey.clone();
  }

  /** The NodeID of an Ed25519 public key (32 bytes). */
  public static NodeId fromPublicKey(byte[] ed25519PublicKey) {
    if (ed25519PublicKey == null || ed25519PublicKey.length != KEY_LENGTH) {
      throw new IllegalArgumentException(
          "an Ed25519 public key has 32 bytes, got "
              + (ed25519PublicKey == null ? "none" : ed25519PublicKey.length));
    }
    return new NodeId(ed25519PublicKey);
  }

  /**
   * Parses the text form.
   *
   * @throws IllegalArgumentException if the text is not a NodeID, quoting it
   */
  public static NodeId parse(String text) {
    byte[] digest;
    try {
      digest = Base58.decode(text == null ? "" : text.strip());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "'" + text + "' is not a NodeID: " + e.getMessage() + " (a NodeID looks like 12D3KooW…)");
    }
    if (digest.length != PREFIX.length + KEY_LENGTH
        || !Arrays.equals(digest, 0, PREFIX.length, PREFIX, 0, PREFIX.length)) {
      throw new IllegalArgumentException(
          "'"
              + text
              + "' is not a NodeID: it does not encode an Ed25519 key (a NodeID looks like 12D3KooW…)");
    }
    return new NodeId(Arrays.copyOfRange(digest, PREFIX.length, digest.length));
  }

  /** The Ed25519 public key this ID encodes (a copy). */
  public byte[] publicKey() {
    return publicKey.clone();
  }

  @Override
  public String toString() {
    String t = text;
    if (t == null) {
      byte[] digest = Arrays.copyOf(PREFIX, PREFIX.length + KEY_LENGTH);
      System.arraycopy(publicKey, 0, digest, PREFIX.length, KEY_LENGTH);
      t = Base58.encode(digest);
      text = t;
    }
    return t;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof NodeId other && Arrays.equals(publicKey, other.publicKey);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(publicKey);
  }

  @Override
  public int compareTo(NodeId o) {
    return toString().compareTo(o.toString());
  }
}
