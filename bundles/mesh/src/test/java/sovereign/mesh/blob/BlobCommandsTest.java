package sovereign.mesh.blob;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static sovereign.mesh.blob.BlobNode.await;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sovereign.mesh.SwarmKey;

class BlobCommandsTest {

  @TempDir Path dir;
  private final List<BlobNode> nodes = new ArrayList<>();

  @AfterEach
  void stopAll() {
    nodes.forEach(BlobNode::close);
  }

  private static BlobCommands commands(BlobNode node) {
    BlobCommands c = new BlobCommands();
    c.blobs = node.blobs;
    return c;
  }

  @Test
  void putThenGetOnAnotherNodePrintsProgressAndEndsWithTheStoredPath() throws Exception {
    SwarmKey key = SwarmKey.generate();
    BlobNode holder = new BlobNode(dir, "holder", key).startMesh().startBlobs();
    nodes.add(holder);
    BlobNode fetcher = new BlobNode(dir, "fetcher", key).startMesh(holder).startBlobs();
    nodes.add(fetcher);
    await(() -> fetcher.peers() == 1, "connected");
    byte[] blob = new byte[3 * 1024 * 1024];
    new Random(7).nextBytes(blob);
    Path file = Files.write(dir.resolve("update.jar"), blob);

    String put = commands(holder).blob((PrintStream) null, "put", file.toString());
    String sha = put.substring(0, 64);
    assertThat(put).endsWith("3145728 bytes, from " + file);
    assertThat(commands(holder).blob((PrintStream) null, "list")).contains(sha + "      3145728");

    ByteArrayOutputStream console = new ByteArrayOutputStream();
    String got =
        commands(fetcher).blob(new PrintStream(console, true, StandardCharsets.UTF_8), "get", sha);

    assertThat(got).isEqualTo(fetcher.blobDir().resolve(sha).toString());
    String printed = console.toString(StandardCharsets.UTF_8);
    assertThat(printed).startsWith("  0%  0 B of 3.0 MiB").contains("100%  3.0 MiB of 3.0 MiB");
  }

  @Test
  void userErrorsQuoteTheInputAndSayWhatWorks() throws Exception {
    BlobNode node = new BlobNode(dir, "n", SwarmKey.generate()).startMesh().startBlobs();
    nodes.add(node);
    BlobCommands c = commands(node);
    assertThatThrownBy(() -> c.blob((PrintStream) null, "fetch", "x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'fetch' is not a blob command: use mesh:blob get <sha256>");
    assertThatThrownBy(() -> c.blob((PrintStream) null, "get", "abc"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'abc' is not a SHA-256");
    assertThatThrownBy(() -> c.blob((PrintStream) null, "put", dir.resolve("nope").toString()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("nope' is not a file");
    assertThatThrownBy(() -> c.blob((PrintStream) null, "get"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("takes one argument, <sha256>");
    assertThat(c.blob((PrintStream) null, "list")).startsWith("no blobs held");
  }
}
