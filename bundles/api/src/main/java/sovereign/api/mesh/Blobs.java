package sovereign.api.mesh;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Content-addressed blobs: files named by their SHA-256, kept in {@code <node>/data/blobs/} and
 * fetched from whichever connected peer holds them. Governance ships bundle updates this way: a
 * proposal names a hash, and each node fetches and verifies the bytes.
 *
 * <p>Hashes are 64 hexadecimal digits, either case; anything else is an {@link
 * IllegalArgumentException} that quotes it.
 */
@ProviderType
public interface Blobs {

  /**
   * Stores a copy of {@code file}, so that this node serves it.
   *
   * @return its SHA-256 (lower case)
   * @throws IOException if the file cannot be read or the copy written
   */
  String put(Path file) throws IOException;

  /** Whether this node holds the blob. */
  boolean has(String sha256);

  /** The file of a blob this node holds. */
  Optional<Path> path(String sha256);

  /** The blobs this node holds, ordered by hash. */
  List<BlobInfo> list();

  /**
   * The file of a blob, fetched from connected peers first if this node does not hold it.
   *
   * <p>The peers that hold it are asked for its size and the SHA-256 of each of its chunks; the
   * chunks are downloaded one by one, each checked against those hashes as it arrives (a chunk that
   * does not match is fetched again from another peer, and the peer that sent it is no longer asked
   * during this fetch), and the whole is checked against {@code sha256} before it enters the store.
   * A fetch interrupted by a crash resumes from its verified chunks. Two fetches of the same blob
   * at once share one download.
   *
   * @param progress told how far the download has come; {@link BlobProgress#NONE} for nothing
   * @return completes with the stored file, or fails with an {@link IllegalStateException} saying
   *     why (no connected peer holds it, every holder failed, the mesh is not running)
   */
  CompletableFuture<Path> fetch(String sha256, BlobProgress progress);
}
