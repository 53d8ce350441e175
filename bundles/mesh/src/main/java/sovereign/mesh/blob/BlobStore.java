package sovereign.mesh.blob;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import sovereign.api.mesh.BlobInfo;

/**
 * The files of the blob store: {@code <dir>/<sha256>} for each blob, and {@code <dir>/partial/} for
 * what is being written. A blob enters the store by an atomic rename, only once its bytes hash to
 * its name, so a reader never sees half a blob.
 *
 * <p>{@code partial/<sha256>.part} is a fetch under way, kept across a crash so the next fetch of
 * that blob resumes from its verified chunks; {@code partial/put-*.tmp} is a {@link #put} under
 * way, useless after a crash.
 */
final class BlobStore {

  static final String PARTIAL = "partial";

  /** Manifests computed lately, by blob, so that holders do not hash a blob for every asker. */
  private final Map<String, Manifest> manifests =
      Collections.synchronizedMap(
          new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Manifest> eldest) {
              return size() > 64;
            }
          });

  private final Path dir;
  private final Path partial;

  BlobStore(Path dir) throws IOException {
    this.dir = dir;
    this.partial = Files.createDirectories(dir.resolve(PARTIAL));
  }

  Path dir() {
    return dir;
  }

  /**
   * What a crash left behind: deletes every {@code put-*.tmp}, every file that is not a partial
   * fetch, and partial fetches older than {@code keep}; the others stay to be resumed.
   */
  void cleanUp(Duration keep, Instant now, Consumer<String> log) throws IOException {
    try (DirectoryStream<Path> files = Files.newDirectoryStream(partial)) {
      for (Path f : files) {
        String name = f.getFileName().toString();
        boolean fetch =
            name.endsWith(".part") && Hashes.isName(name.substring(0, name.length() - 5));
        if (fetch && Files.getLastModifiedTime(f).toInstant().plus(keep).isAfter(now)) {
          log.accept(
              "kept the partial fetch " + f + " (" + Files.size(f) + " bytes) to be resumed");
          continue;
        }
        Files.deleteIfExists(f);
        log.accept("deleted " + f + (fetch ? ", a partial fetch older than " + keep : ""));
      }
    }
  }

  /** Copies a file in, hashing it on the way; returns its SHA-256. */
  String put(Path file) throws IOException {
    Path tmp = partial.resolve("put-" + UUID.randomUUID() + ".tmp");
    MessageDigest d = Hashes.sha256();
    try {
      try (InputStream in = Files.newInputStream(file);
          OutputStream out = Files.newOutputStream(tmp)) {
        byte[] buffer = new byte[64 * 1024];
        for (int n; (n = in.read(buffer)) >= 0; ) {
          d.update(buffer, 0, n);
          out.write(buffer, 0, n);
        }
      }
      String sha = Hashes.hex(d.digest());
      moveIn(tmp, sha);
      return sha;
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /** Moves a verified file into the store under {@code sha}; a blob already there is kept. */
  Path moveIn(Path verified, String sha) throws IOException {
    Path target = dir.resolve(sha);
    try {
      Files.move(verified, target, StandardCopyOption.ATOMIC_MOVE);
    } catch (FileAlreadyExistsException same) {
      Files.deleteIfExists(verified); // Same name, same bytes.
    }
    return target;
  }

  /** Where a fetch of {@code sha} writes until it verifies. */
  Path partial(String sha) {
    return partial.resolve(sha + ".part");
  }

  Optional<Path> path(String sha) {
    Path p = dir.resolve(sha);
    return Files.isRegularFile(p) ? Optional.of(p) : Optional.empty();
  }

  List<BlobInfo> list() throws IOException {
    List<BlobInfo> out = new ArrayList<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
      for (Path f : files) {
        String name = f.getFileName().toString();
        if (Hashes.isName(name) && Files.isRegularFile(f)) {
          out.add(new BlobInfo(name, Files.size(f), f));
        }
      }
    }
    out.sort(java.util.Comparator.comparing(BlobInfo::sha256));
    return out;
  }

  /** The manifest of a blob held, in chunks of {@code chunkBytes}; empty if not held. */
  Optional<Manifest> manifest(String sha, int chunkBytes) throws IOException {
    Optional<Path> p = path(sha);
    if (p.isEmpty()) {
      return Optional.empty();
    }
    Manifest m = manifests.get(sha);
    if (m == null || m.chunkBytes() != chunkBytes) {
      m = Manifest.of(p.get(), chunkBytes);
      manifests.put(sha, m);
    }
    return Optional.of(m);
  }
}
