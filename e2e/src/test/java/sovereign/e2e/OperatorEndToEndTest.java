package sovereign.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What an operator does with a node: SSH in, run commands, stop it; and a key left open. */
class OperatorEndToEndTest {

  @TempDir Path tmp;

  @Test
  void sshWithAnAuthorizedKeyRunsOneCommandAndAnUnknownKeyIsRefused() throws Exception {
    assumeTrue(OperatorShell.available(), "needs the OpenSSH client (.ci/run installs it)");
    Path home = tmp.resolve("home");
    Path operatorKey = OperatorShell.keygen(tmp, "operator");
    Path strangerKey = OperatorShell.keygen(tmp, "stranger");
    try (RunningNode node = RunningNode.start(home, "--headless", "--ssh-port", "0")) {
      node.awaitReady();
      Path nodeHome = RunningNode.nodeHome(home);
      Path authorizedKeys = nodeHome.resolve("data/authorized_keys");
      Files.copy(Path.of(operatorKey + ".pub"), authorizedKeys);
      // As OpenSSH's StrictModes, the console refuses an authorized_keys others may write.
      Files.setPosixFilePermissions(authorizedKeys, PosixFilePermissions.fromString("rw-------"));
      int port = node.sshPort();

      var show = OperatorShell.ssh(port, operatorKey, "identity:show");
      assertThat(show.exitCode()).as(show.output()).isZero();
      assertThat(show.output()).contains(RunningNode.nodeIds(home).get(0));

      var refused = OperatorShell.ssh(port, strangerKey, "identity:show");
      assertThat(refused.exitCode()).isNotZero();
      assertThat(refused.output()).contains("Permission denied");

      var status = OperatorShell.ssh(port, operatorKey, "node:status");
      assertThat(status.exitCode()).as(status.output()).isZero();
      assertThat(status.output()).contains("state: RUNNING").contains("sovereign.identity");

      var stop = OperatorShell.ssh(port, operatorKey, "node:shutdown");
      assertThat(stop.exitCode()).as(stop.output()).isZero();
      assertThat(node.awaitExit(Duration.ofSeconds(30))).as(node.output()).isZero();
    }
  }

  @Test
  void keyFileReadableByOthersIsRefusedWithTheFix() throws Exception {
    Path home = tmp.resolve("home");
    try (RunningNode node = RunningNode.start(home, "--headless", "--ssh-port", "0")) {
      node.awaitReady();
      assertThat(node.terminate()).isZero();
    }
    Path key = RunningNode.nodeHome(home).resolve("data/identity.key");
    Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r--r--"));
    try (RunningNode node = RunningNode.start(home, "--headless", "--ssh-port", "0")) {
      assertThat(node.awaitExit(Duration.ofSeconds(60))).as(node.output()).isEqualTo(2);
      assertThat(node.output()).contains("HALTED").contains("chmod 600").contains(key.toString());
    }
  }
}
