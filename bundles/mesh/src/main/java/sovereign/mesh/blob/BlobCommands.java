package sovereign.mesh.blob;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Descriptor;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import sovereign.api.mesh.BlobInfo;
import sovereign.api.mesh.BlobProgress;

/** The {@code mesh:blob get|put|list} Gogo command. */
@Component(
    service = BlobCommands.class,
    property = {"osgi.command.scope=mesh", "osgi.command.function=blob"})
public final class BlobCommands {

  /** A fetch larger than this prints a progress line every tenth. */
  static final long PROGRESS_ABOVE = 1 << 20;

  @Reference BlobService blobs;

  @Descriptor(
      "content-addressed blobs: 'get <sha256>' fetches one from the peers that hold it (unless"
          + " held) and prints its path, 'put <file>' stores a copy and prints its SHA-256,"
          + " 'list' lists the blobs held")
  public String blob(
      CommandSession session,
      @Descriptor("get, put or list") String action,
      @Descriptor("get: the blob's SHA-256 (64 hex digits); put: the file; list: nothing")
          String... args)
      throws IOException, InterruptedException {
    return blob(session == null ? null : session.getConsole(), action, args);
  }

  /** The command, printing progress on {@code console} (null: nowhere). */
  String blob(PrintStream console, String action, String... args)
      throws IOException, InterruptedException {
    switch (action) {
      case "get" -> {
        return get(console, one(action, "<sha256>", args));
      }
      case "put" -> {
        String file = one(action, "<file>", args);
        Path path = Path.of(file);
        if (!Files.isRegularFile(path)) {
          throw new IllegalArgumentException(
              "'" + file + "' is not a file: mesh:blob put <file> stores a copy of a file");
        }
        return blobs.put(path) + "  " + Files.size(path) + " bytes, from " + path;
      }
      case "list" -> {
        if (args.length > 0) {
          throw new IllegalArgumentException(
              "mesh:blob list takes nothing, not '" + String.join(" ", args) + "'");
        }
        return list();
      }
      default ->
          throw new IllegalArgumentException(
              "'"
                  + action
                  + "' is not a blob command: use mesh:blob get <sha256>, mesh:blob put <file>"
                  + " or mesh:blob list");
    }
  }

  private String get(PrintStream console, String sha) throws InterruptedException {
    String name = Hashes.parse(sha);
    AtomicInteger tenths = new AtomicInteger(-1);
    BlobProgress progress =
        (done, total) -> {
          if (console == null || total <= PROGRESS_ABOVE) {
            return;
          }
          int tenth = (int) (done * 10 / total);
          if (tenth > tenths.getAndAccumulate(tenth, Math::max)) {
            console.println(
                String.format(Locale.ROOT, "%3d%%  %s of %s", tenth * 10, size(done), size(total)));
          }
        };
    try {
      return blobs.fetch(name, progress).get().toString();
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
    }
  }

  private String list() {
    List<BlobInfo> all = blobs.list();
    if (all.isEmpty()) {
      return "no blobs held (mesh:blob put <file> stores one, mesh:blob get <sha256> fetches one)";
    }
    StringBuilder out = new StringBuilder();
    out.append(String.format("%-64s %12s%n", "SHA-256", "BYTES"));
    for (BlobInfo b : all) {
      out.append(String.format(Locale.ROOT, "%-64s %12d%n", b.sha256(), b.size()));
    }
    return out.toString();
  }

  private static String one(String action, String what, String[] args) {
    if (args.length != 1) {
      throw new IllegalArgumentException(
          "mesh:blob "
              + action
              + " takes one argument, "
              + what
              + ", not '"
              + String.join(" ", args)
              + "'");
    }
    return args[0];
  }

  static String size(long bytes) {
    if (bytes < 1024) {
      return bytes + " B";
    }
    if (bytes < 1 << 20) {
      return String.format(Locale.ROOT, "%.1f KiB", bytes / 1024.0);
    }
    return String.format(Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024));
  }
}
