package sovereign.mesh.replication;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import sovereign.api.identity.NodeId;
import sovereign.api.ledger.Hash;

/**
 * A node's heads on the wire, the payload of {@value LedgerReplication#HEADS_TOPIC}:
 *
 * <pre>
 * heads = version u8 (0x01) || count u32 || count × (actor key (32) || sequence i64 || hash (32)
 *         || proofs u16)
 * </pre>
 *
 * {@code proofs} is how many equivocation proofs of that actor the sender holds (capped at 65535).
 * At most {@value #MAX_ACTORS} actors per message.
 */
final class HeadsWire {

  static final int VERSION = 1;

  /** Most actors in one heads message (74 bytes each: well under the mesh's 1 MiB). */
  static final int MAX_ACTORS = 8192;

  /** One actor's head as a node announced it. */
  record ActorHead(NodeId actor, long sequence, Hash hash, int proofs) {}

  private HeadsWire() {}

  static byte[] encode(List<ActorHead> heads) {
    if (heads.size() > MAX_ACTORS) {
      throw new IllegalArgumentException("at most " + MAX_ACTORS + " actors per heads message");
    }
    ByteBuffer out = ByteBuffer.allocate(5 + heads.size() * 74);
    out.put((byte) VERSION).putInt(heads.size());
    for (ActorHead h : heads) {
      out.put(h.actor().publicKey())
          .putLong(h.sequence())
          .put(h.hash().bytes())
          .putShort((short) Math.min(h.proofs(), 0xffff));
    }
    return out.array();
  }

  /**
   * Decodes a heads message.
   *
   * @throws IllegalArgumentException if it is malformed
   */
  static List<ActorHead> decode(byte[] payload) {
    ByteBuffer in = ByteBuffer.wrap(payload);
    int version = EntryWire.u8(in);
    if (version != VERSION) {
      throw new IllegalArgumentException("heads version " + version + " is not " + VERSION);
    }
    long count = EntryWire.u32(in);
    if (count > MAX_ACTORS || in.remaining() != count * 74) {
      throw new IllegalArgumentException("a heads message of " + count + " actors is malformed");
    }
    List<ActorHead> heads = new ArrayList<>((int) count);
    for (int i = 0; i < count; i++) {
      byte[] key = new byte[32];
      in.get(key);
      long sequence = in.getLong();
      byte[] hash = new byte[Hash.LENGTH];
      in.get(hash);
      int proofs = in.getShort() & 0xffff;
      if (sequence < 0) {
        throw new IllegalArgumentException("a negative sequence");
      }
      heads.add(new ActorHead(NodeId.fromPublicKey(key), sequence, Hash.of(hash), proofs));
    }
    return heads;
  }
}
