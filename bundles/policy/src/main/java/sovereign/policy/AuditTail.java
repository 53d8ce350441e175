package sovereign.policy;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads the last lines of a file from its end, without reading all of it. */
final class AuditTail {

  private static final int CHUNK = 64 * 1024;

  private AuditTail() {}

  static List<String> last(Path file, int n) throws IOException {
    if (!Files.exists(file) || n <= 0) {
      return List.of();
    }
    try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
      long end = in.length();
      long start = end;
      int newlines = 0;
      byte[] chunk = new byte[CHUNK];
      // Find the start of the n-th line from the end (the file ends with a newline).
      search:
      while (start > 0) {
        int size = (int) Math.min(CHUNK, start);
        start -= size;
        in.seek(start);
        in.readFully(chunk, 0, size);
        for (int i = size - 1; i >= 0; i--) {
          if (chunk[i] == '\n' && start + i != end - 1 && ++newlines == n) {
            start = start + i + 1;
            break search;
          }
        }
      }
      byte[] tail = new byte[(int) (end - start)];
      in.seek(start);
      in.readFully(tail);
      List<String> lines = new ArrayList<>();
      for (String line : new String(tail, StandardCharsets.UTF_8).split("\n")) {
        if (!line.isEmpty()) {
          lines.add(line);
        }
      }
      return lines.size() > n ? lines.subList(lines.size() - n, lines.size()) : lines;
    }
  }
}
