package sovereign.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The operator grants, checks and halts through the policy commands, across a restart. */
class PolicyEndToEndTest {

  @TempDir Path tmp;

  @Test
  void grantsAndTheKillSwitchHoldAcrossARestart() throws Exception {
    assumeTrue(OperatorShell.available(), "needs the OpenSSH client (.ci/run installs it)");
    Path home = tmp.resolve("home");
    Path key = OperatorShell.keygen(tmp, "operator");
    try (RunningNode node = RunningNode.start(home, "--headless", "--ssh-port", "0")) {
      node.awaitReady();
      Path keys = RunningNode.nodeHome(home).resolve("data/authorized_keys");
      Files.copy(Path.of(key + ".pub"), keys);
      Files.setPosixFilePermissions(keys, PosixFilePermissions.fromString("rw-------"));
      int port = node.sshPort();

      assertThat(OperatorShell.ssh(port, key, "policy:check echo host.log").output())
          .contains("DENY host.log");
      var granted = OperatorShell.ssh(port, key, "policy:grant echo host.log");
      assertThat(granted.exitCode()).as(granted.output()).isZero();
      assertThat(OperatorShell.ssh(port, key, "policy:check echo host.log").output())
          .contains("ALLOW host.log");
      var halted = OperatorShell.ssh(port, key, "policy:halt incident-42");
      assertThat(halted.exitCode()).as(halted.output()).isZero();
      assertThat(OperatorShell.ssh(port, key, "policy:check echo host.log").output())
          .contains("DENY host.log");
      assertThat(node.terminate()).isZero();
    }
    try (RunningNode node = RunningNode.start(home, "--headless", "--ssh-port", "0")) {
      node.awaitReady();
      int port = node.sshPort();
      var check = OperatorShell.ssh(port, key, "policy:check echo host.log");
      assertThat(check.output()).contains("DENY host.log");
      assertThat(OperatorShell.ssh(port, key, "policy:list").output()).contains("echo");
      assertThat(Files.readString(RunningNode.nodeHome(home).resolve("logs/audit.jsonl")))
          .contains("halted")
          .contains("incident-42");
      assertThat(node.terminate()).isZero();
    }
  }
}
