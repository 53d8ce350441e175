package sovereign.mesh.gossip;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * The identity of a gossip peer: its 32-byte Ed25519 public key.
 *
 * <p>The router is deliberately independent of {@code sovereign.api.identity.NodeId}: the
 * integration maps a node id to this key. The same key names a connected neighbour (the peer an RPC
 * came from) and the origin of a message (the key its signature is checked against), as in
 * gossipsub-v1.0 where {@code from} is the origin's peer id.
 *
 * <p>The array is copied in and out, so a key is immutable; equality and hash are by content, and
 * keys order by unsigned byte comparison so views can list peers deterministically.
 */
public record PeerKey(byte[] ed25519PublicKey) implements Comparable<PeerKey> {

  /** Length of an Ed25519 public key. */
  public static final int BYTES = 32;

  private static final HexFormat HEX = HexFormat.of();

  /** Checks the length and copies the key. */
  public PeerKey {
    if (ed25519PublicKey == null || ed25519PublicKey.length != BYTES) {
      throw new IllegalArgumentException(
          "an Ed25519 public key has "
              + BYTES
              + " bytes, not "
              + (ed25519PublicKey == null ? "null" : ed25519PublicKey.length));
    }
    ed25519PublicKey = ed25519PublicKey.clone();
  }

  /** A copy of the key bytes. */
  @Override
  public byte[] ed25519PublicKey() {
    return ed25519PublicKey.clone();
  }

  /** The key bytes without a copy, for encoders in this package that never write to them. */
  byte[] bytes() {
    return ed25519PublicKey;
  }

  /** The key as 64 lowercase hexadecimal digits. */
  public String hex() {
    return HEX.formatHex(ed25519PublicKey);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof PeerKey key && Arrays.equals(ed25519PublicKey, key.ed25519PublicKey);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(ed25519PublicKey);
  }

  @Override
  public int compareTo(PeerKey other) {
    return Arrays.compareUnsigned(ed25519PublicKey, other.ed25519PublicKey);
  }

  /** {@code PeerKey[<hex>]}: the whole key, since a prefix could be ambiguous in ban logs. */
  @Override
  public String toString() {
    return "PeerKey[" + hex() + "]";
  }
}
