package sovereign.mesh.blob;

import java.nio.ByteBuffer;
import java.util.HexFormat;

/**
 * The messages of the blob protocol ({@value BlobService#PROTOCOL}), big-endian and strict:
 *
 * <pre>
 * request  = op:u8 sha256:32 [index:u32, op 2 only]
 *            op 1 HAVE: the manifest, if held; op 2 CHUNK: chunk index
 * HAVE     = 0 (not held) | 1 size:u64 chunkBytes:u32 count:u32 count × sha256:32
 * CHUNK    = the chunk's bytes
 * </pre>
 */
final class BlobWire {

  static final int HAVE = 1;
  static final int CHUNK = 2;

  private BlobWire() {}

  /** A request: what it asks and for which blob. */
  record Ask(int op, String sha256, int index) {}

  static byte[] have(String sha256) {
    return ByteBuffer.allocate(33).put((byte) HAVE).put(HexFormat.of().parseHex(sha256)).array();
  }

  static byte[] chunk(String sha256, int index) {
    return ByteBuffer.allocate(37)
        .put((byte) CHUNK)
        .put(HexFormat.of().parseHex(sha256))
        .putInt(index)
        .array();
  }

  /** A request, or an {@link IllegalArgumentException} saying why it is not one. */
  static Ask ask(byte[] request) {
    if (request.length == 33 && request[0] == HAVE) {
      return new Ask(HAVE, Hashes.hex(java.util.Arrays.copyOfRange(request, 1, 33)), -1);
    }
    if (request.length == 37 && request[0] == CHUNK) {
      int index = ByteBuffer.wrap(request, 33, 4).getInt();
      if (index < 0) {
        throw new IllegalArgumentException("chunk index " + (index & 0xffffffffL) + " is too big");
      }
      return new Ask(CHUNK, Hashes.hex(java.util.Arrays.copyOfRange(request, 1, 33)), index);
    }
    throw new IllegalArgumentException(
        "not a blob request: "
            + request.length
            + " bytes starting with op "
            + (request.length == 0 ? "none" : String.valueOf(request[0] & 0xff)));
  }

  static byte[] notHeld() {
    return new byte[] {0};
  }

  static byte[] manifest(Manifest m) {
    return ByteBuffer.allocate(1 + 8 + 4 + 4 + m.chunkHashes().length)
        .put((byte) 1)
        .putLong(m.size())
        .putInt(m.chunkBytes())
        .putInt(m.chunks())
        .put(m.chunkHashes())
        .array();
  }

  /**
   * A HAVE answer: the manifest, null if the peer does not hold the blob, or an {@link
   * IllegalArgumentException} if the answer is malformed or the blob is over {@code maxBytes}.
   */
  static Manifest manifest(byte[] answer, long maxBytes) {
    if (answer.length == 1 && answer[0] == 0) {
      return null;
    }
    if (answer.length < 17 || answer[0] != 1) {
      throw new IllegalArgumentException(
          "a HAVE answer of " + answer.length + " bytes is malformed");
    }
    ByteBuffer in = ByteBuffer.wrap(answer, 1, answer.length - 1);
    long size = in.getLong();
    int chunkBytes = in.getInt();
    long count = in.getInt() & 0xffffffffL;
    if (size < 0 || size > maxBytes) {
      throw new IllegalArgumentException(
          "a blob of " + size + " bytes is over the limit of " + maxBytes);
    }
    if (count * 32 != in.remaining()) {
      throw new IllegalArgumentException(
          "a HAVE answer counts " + count + " chunk hashes but holds " + in.remaining() + " bytes");
    }
    byte[] hashes = new byte[in.remaining()];
    in.get(hashes);
    return new Manifest(size, chunkBytes, hashes);
  }
}
