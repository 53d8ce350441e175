package sovereign.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.regex.Pattern;

/**
 * {@code deploy/history/}: every jar the node has deployed, named {@code
 * <symbolic-name>-<version>-<first 12 hex of SHA-256>.jar}, so a rollback always has the previous
 * jar at hand and two different jars never share a name. Files are copied in atomically and never
 * changed afterwards.
 */
final class JarStore {

  private static final Pattern UNSAFE = Pattern.compile("[^A-Za-z0-9._-]");

  private final Path dir;

  JarStore(Path dir) {
    this.dir = dir;
  }

  Path directory() {
    return dir;
  }

  /** The name a jar gets in the store. */
  static String name(String symbolicName, String version, String sha256) {
    return UNSAFE.matcher(symbolicName).replaceAll("_")
        + "-"
        + UNSAFE.matcher(version).replaceAll("_")
        + "-"
        + sha256.substring(0, 12)
        + ".jar";
  }

  /**
   * Copies a jar into the store under a temporary name, to be verified there: what is verified is
   * then exactly what is installed, whatever happens to the original file meanwhile.
   */
  Path incoming(Path jar) throws IOException {
    Files.createDirectories(dir);
    Path temporary = Files.createTempFile(dir, ".incoming-", ".part");
    Files.copy(jar, temporary, StandardCopyOption.REPLACE_EXISTING);
    return temporary;
  }

  /** Gives a verified incoming copy its final name (kept as is if that jar is stored already). */
  String commit(Path incoming, String symbolicName, String version, String sha256)
      throws IOException {
    String name = name(symbolicName, version, sha256);
    Path target = dir.resolve(name);
    if (Files.exists(target) && Sha256.of(target).equals(sha256)) {
      return name;
    }
    try (FileChannel channel = FileChannel.open(incoming)) {
      channel.force(true);
    }
    Files.move(incoming, target, StandardCopyOption.ATOMIC_MOVE);
    return name;
  }

  /** Deletes an incoming copy that was refused or already stored; null is ignored. */
  void discard(Path incoming) {
    if (incoming == null) {
      return;
    }
    try {
      Files.deleteIfExists(incoming);
    } catch (IOException e) {
      // A leftover .part file is ignored by everything and removed at the next boot.
    }
  }

  /**
   * Opens a stored jar.
   *
   * @throws IOException naming the file if it is missing or no longer has the recorded hash
   */
  InputStream open(String name, String sha256) throws IOException {
    Path file = dir.resolve(name);
    if (!Files.exists(file)) {
      throw new IOException(file + " is missing from the deployment history");
    }
    if (!Sha256.of(file).equals(sha256)) {
      throw new IOException(file + " no longer has SHA-256 " + sha256 + "; it was changed");
    }
    return Files.newInputStream(file);
  }

  Path path(String name) {
    return dir.resolve(name);
  }
}
