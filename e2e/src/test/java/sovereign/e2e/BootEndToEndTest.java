package sovereign.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Starting and stopping the exported node jar. */
class BootEndToEndTest {

  @TempDir Path tmp;

  @Test
  void secondBootKeepsTheNodeIdOfTheFirstAndSigtermExitsWithZero() throws Exception {
    Path home = tmp.resolve("home");
    String firstId;
    try (RunningNode node = RunningNode.start(home, "--headless", "--ssh-port", "0")) {
      node.awaitReady();
      assertThat(RunningNode.nodeIds(home)).hasSize(1);
      firstId = RunningNode.nodeIds(home).get(0);
      assertThat(firstId).startsWith("12D3KooW");
      assertThat(node.terminate()).as(node.output()).isZero();
    }
    Path nodeHome = home.resolve("nodes").resolve(firstId);
    for (String dir : new String[] {"data", "memory", "sandbox", "economy", "logs", "deploy"}) {
      assertThat(nodeHome.resolve(dir)).isDirectory();
    }
    assertThat(Files.readString(nodeHome.resolve("logs/node.jsonl"))).contains("node ready");

    try (RunningNode node = RunningNode.start(home, "--headless", "--ssh-port", "0")) {
      node.awaitReady();
      assertThat(RunningNode.nodeIds(home)).containsExactly(firstId);
      assertThat(node.terminate()).as(node.output()).isZero();
      assertThat(node.output()).contains("node stopping: received SIGTERM");
    }
  }

  @Test
  void unusableCommandLineExitsWithUsageCodeAndSaysWhatWouldWork() throws Exception {
    try (RunningNode node = RunningNode.start(tmp.resolve("home"), "--hmoe", "x")) {
      assertThat(node.awaitExit(Duration.ofSeconds(60))).isEqualTo(64);
      assertThat(node.output()).contains("unknown option '--hmoe'").contains("--home DIR");
    }
  }

  @Test
  void coreServiceMissingTheBootDeadlineHaltsWithNonZeroExitNamingIt() throws Exception {
    try (RunningNode node =
        RunningNode.start(
            tmp.resolve("home"), "--headless", "--ssh-port", "0", "--boot-deadline", "0.001")) {
      assertThat(node.awaitExit(Duration.ofSeconds(60))).isEqualTo(2);
      assertThat(node.output())
          .contains("node HALTED: core services not up within the boot deadline")
          .contains("sovereign.api.identity.NodeIdentity");
    }
  }
}
