package sovereign.mesh.blob;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.Arrays;

/**
 * What a holder says about a blob: its size, its chunk size and the SHA-256 of each chunk. It lets
 * a fetcher check each chunk as it arrives, and so tell which peer lied; the whole blob is still
 * checked against its name at the end, since a manifest is only a peer's word.
 *
 * @param size the blob's length
 * @param chunkBytes the length of every chunk but the last
 * @param chunkHashes SHA-256 of each chunk, concatenated: 32 bytes × {@link #chunks()}
 */
record Manifest(long size, int chunkBytes, byte[] chunkHashes) {

  /** Smallest and largest chunk a manifest may use. */
  static final int MIN_CHUNK = 1024;

  static final int MAX_CHUNK = 1 << 20;

  Manifest {
    if (size < 0 || chunkBytes < MIN_CHUNK || chunkBytes > MAX_CHUNK) {
      throw new IllegalArgumentException(
          "a manifest needs a size of 0 or more and chunks of "
              + MIN_CHUNK
              + ".."
              + MAX_CHUNK
              + " bytes, not "
              + size
              + " and "
              + chunkBytes);
    }
    long chunks = (size + chunkBytes - 1) / chunkBytes;
    if (chunkHashes.length != chunks * 32) {
      throw new IllegalArgumentException(
          "a blob of "
              + size
              + " bytes in chunks of "
              + chunkBytes
              + " has "
              + chunks
              + " chunk hashes, not "
              + chunkHashes.length / 32.0);
    }
  }

  /** The manifest of a file, reading it once. */
  static Manifest of(Path file, int chunkBytes) throws IOException {
    try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = in.size();
      int chunks = (int) ((size + chunkBytes - 1) / chunkBytes);
      ByteBuffer hashes = ByteBuffer.allocate(chunks * 32);
      ByteBuffer chunk = ByteBuffer.allocate(chunkBytes);
      MessageDigest d = Hashes.sha256();
      for (int i = 0; i < chunks; i++) {
        chunk.clear();
        readFully(in, chunk, (long) i * chunkBytes);
        chunk.flip();
        d.update(chunk);
        hashes.put(d.digest());
      }
      return new Manifest(size, chunkBytes, hashes.array());
    }
  }

  /** Reads until {@code buffer} is full or the file ends. */
  static void readFully(FileChannel in, ByteBuffer buffer, long position) throws IOException {
    while (buffer.hasRemaining()) {
      int n = in.read(buffer, position);
      if (n < 0) {
        return;
      }
      position += n;
    }
  }

  int chunks() {
    return chunkHashes.length / 32;
  }

  /** The length of chunk {@code i}: {@link #chunkBytes} but for the last. */
  int chunkLength(int i) {
    return (int) Math.min(chunkBytes, size - (long) i * chunkBytes);
  }

  /** Whether {@code bytes[0..length)} is chunk {@code i}. */
  boolean matches(int i, byte[] bytes, int length) {
    return length == chunkLength(i)
        && Arrays.equals(Hashes.sha256(bytes, length), 0, 32, chunkHashes, i * 32, i * 32 + 32);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Manifest m
        && m.size == size
        && m.chunkBytes == chunkBytes
        && Arrays.equals(m.chunkHashes, chunkHashes);
  }

  @Override
  public int hashCode() {
    return Long.hashCode(size) * 31 + Arrays.hashCode(chunkHashes);
  }

  @Override
  public String toString() {
    return "Manifest[" + size + " bytes, " + chunks() + " chunks of " + chunkBytes + "]";
  }
}
