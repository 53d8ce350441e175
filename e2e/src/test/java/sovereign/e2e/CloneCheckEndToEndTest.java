package sovereign.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A node home copied to another machine must not boot there. */
class CloneCheckEndToEndTest {

  @TempDir Path tmp;

  /** Runs the node in its own UTS namespace with another hostname: the same disk, a new host. */
  private static List<String> onHostNamed(String hostname) {
    return List.of(
        "unshare", "--uts", "sh", "-c", "hostname " + hostname + " && exec \"$0\" \"$@\"");
  }

  private static boolean canChangeHostnameInNamespace() {
    try {
      Process p =
          new ProcessBuilder("unshare", "--uts", "sh", "-c", "hostname sovereign-probe")
              .redirectErrorStream(true)
              .start();
      return p.waitFor() == 0;
    } catch (IOException | InterruptedException e) {
      return false;
    }
  }

  @Test
  void copiedHomeOnAMachineWithAnotherHostnameHaltsNamingTheComponent() throws Exception {
    assumeTrue(canChangeHostnameInNamespace(), "needs unshare --uts (root) to emulate a new host");
    Path original = tmp.resolve("original");
    try (RunningNode node = RunningNode.start(original, "--headless", "--ssh-port", "0")) {
      node.awaitReady();
      assertThat(node.terminate()).isZero();
    }
    Path copy = tmp.resolve("copy");
    copyTree(original, copy);

    try (RunningNode node =
        RunningNode.start(
            copy, onHostNamed("cloned-host"), Map.of(), "--headless", "--ssh-port", "0")) {
      assertThat(node.awaitExit(Duration.ofSeconds(60))).as(node.output()).isEqualTo(2);
      assertThat(node.output())
          .contains("HALTED")
          .contains("hostname")
          .contains("identity:rebind")
          .doesNotContain("cloned-host")
          .doesNotContain("node ready");
    }

    // The original home on the original host still boots: only the copy is refused.
    try (RunningNode node = RunningNode.start(original, "--headless", "--ssh-port", "0")) {
      node.awaitReady();
      assertThat(node.terminate()).isZero();
    }
  }

  static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> paths = Files.walk(from)) {
      for (Path p : (Iterable<Path>) paths::iterator) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target, StandardCopyOption.COPY_ATTRIBUTES);
        }
      }
    }
  }
}
