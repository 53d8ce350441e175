package sovereign.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * A deployment set (docs/deploy.md, "Deployment sets"): a signed jar whose manifest names the set
 * in {@code Sovereign-Deployment-Set} and whose entries {@code bundles/<name>.jar} are the bundle
 * jars, each signed on its own. Applied all or nothing. The inner jars are extracted to a temporary
 * folder, removed on {@link #close}.
 */
final class DeploymentSet implements AutoCloseable {

  /** More bundles than this in one set is refused: a set is a release, not an archive. */
  static final int MAX_BUNDLES = 64;

  /** The largest inner jar accepted (decompressed). */
  static final long MAX_JAR_BYTES = 256L * 1024 * 1024;

  private final Path folder;
  private final List<Path> jars;

  private DeploymentSet(Path folder, List<Path> jars) {
    this.folder = folder;
    this.jars = List.copyOf(jars);
  }

  static DeploymentSet open(Path file) throws IOException {
    Path folder = Files.createTempDirectory("sovereign-set-");
    List<Path> jars = new ArrayList<>();
    try (JarFile jar = new JarFile(file.toFile(), false)) {
      Enumeration<JarEntry> entries = jar.entries();
      while (entries.hasMoreElements()) {
        JarEntry entry = entries.nextElement();
        String name = entry.getName();
        if (entry.isDirectory() || !name.startsWith("bundles/")) {
          continue;
        }
        String simple = name.substring("bundles/".length());
        if (!simple.endsWith(".jar") || simple.contains("/") || simple.startsWith(".")) {
          throw new IllegalArgumentException(
              file.getFileName() + " holds '" + name + "'; a set holds only bundles/<name>.jar");
        }
        if (jars.size() == MAX_BUNDLES) {
          throw new IllegalArgumentException(
              file.getFileName() + " holds more than " + MAX_BUNDLES + " bundles");
        }
        Path target = folder.resolve(simple);
        try (InputStream in = jar.getInputStream(entry)) {
          long copied = Files.copy(new Bounded(in, MAX_JAR_BYTES, name), target);
          if (copied == 0) {
            throw new IllegalArgumentException(file.getFileName() + ": " + name + " is empty");
          }
        }
        jars.add(target);
      }
    } catch (IOException | RuntimeException e) {
      delete(folder);
      if (e instanceof IllegalArgumentException iae) {
        throw new sovereign.api.deploy.DeploymentRefusedException(iae.getMessage());
      }
      throw e;
    }
    if (jars.isEmpty()) {
      delete(folder);
      throw new sovereign.api.deploy.DeploymentRefusedException(
          file.getFileName() + " holds no bundles/<name>.jar entry: it is not a deployment set");
    }
    return new DeploymentSet(folder, jars);
  }

  List<Path> jars() {
    return jars;
  }

  @Override
  public void close() {
    delete(folder);
  }

  private static void delete(Path folder) {
    try (Stream<Path> walk = Files.walk(folder)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // A temporary folder left behind is harmless.
    }
  }

  /** Stops a decompression bomb: reading past the limit is an error naming the entry. */
  private static final class Bounded extends java.io.FilterInputStream {
    private final long limit;
    private final String name;
    private long read;

    Bounded(InputStream in, long limit, String name) {
      super(in);
      this.limit = limit;
      this.name = name;
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      count(b < 0 ? 0 : 1);
      return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      int n = super.read(buffer, offset, length);
      count(Math.max(n, 0));
      return n;
    }

    private void count(int n) throws IOException {
      read += n;
      if (read > limit) {
        throw new IOException(name + " is larger than " + limit + " bytes");
      }
    }
  }
}
