package sovereign.util;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {

  @TempDir Path dir;

  @Test
  void writesANewFileInAFolderItCreates() throws Exception {
    Path file = dir.resolve("a/b/state.json");
    AtomicFiles.write(file, "{}".getBytes(StandardCharsets.UTF_8));
    assertThat(file).hasContent("{}");
  }

  @Test
  void replacesTheOldContentWholeAndLeavesNoTemporaryFile() throws Exception {
    Path file = dir.resolve("state.json");
    AtomicFiles.write(file, "old, and longer than the new".getBytes(StandardCharsets.UTF_8));
    AtomicFiles.write(file, "new".getBytes(StandardCharsets.UTF_8));
    assertThat(file).hasContent("new");
    try (var files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly("state.json");
    }
  }
}
