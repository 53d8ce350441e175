package sovereign.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ledger of a running node, driven over SSH as an operator does, through a kill -9. */
class LedgerEndToEndTest {

  @TempDir Path tmp;

  private Path home;
  private Path operatorKey;

  private OperatorShell.Result ssh(int port, String command) throws Exception {
    return OperatorShell.ssh(port, operatorKey, command);
  }

  @Test
  void everyAcknowledgedEntrySurvivesAKillDuringContinuousAppendsAndTheChainVerifies()
      throws Exception {
    assumeTrue(OperatorShell.available(), "needs the OpenSSH client (.ci/run installs it)");
    home = tmp.resolve("home");
    operatorKey = OperatorShell.keygen(tmp, "operator");
    List<String> acknowledged = new ArrayList<>();
    String wallet;
    try (RunningNode node = RunningNode.start(home, "--headless", "--ssh-port", "0")) {
      node.awaitReady();
      wallet = RunningNode.nodeIds(home).get(0);
      Path data = RunningNode.nodeHome(home).resolve("data");
      Path keys = data.resolve("authorized_keys");
      Files.copy(Path.of(operatorKey + ".pub"), keys);
      Files.setPosixFilePermissions(keys, PosixFilePermissions.fromString("rw-------"));
      // The operator's configuration, written then renamed as docs/architecture.md advises.
      OperatorShell.fundWallet(node, RunningNode.nodeHome(home), operatorKey, wallet, 1000);
      int port = node.sshPort();

      // Appends go on, one acknowledged SSH command after another, until the node is killed.
      AtomicBoolean killed = new AtomicBoolean();
      Thread killer =
          new Thread(
              () -> {
                try {
                  Thread.sleep(4000);
                  killed.set(true);
                  Runtime.getRuntime().exec(new String[] {"kill", "-9", Long.toString(node.pid())});
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
              });
      killer.start();
      for (int i = 0; !killed.get() || node.isAlive(); i++) {
        String memo = "ack-" + i;
        OperatorShell.Result r = ssh(port, "ledger:transfer treasury 0.001 IPPC " + memo);
        if (r.exitCode() == 0) {
          acknowledged.add(memo);
        } else if (!killed.get()) {
          throw new AssertionError("transfer " + i + " failed before the kill: " + r.output());
        } else {
          break;
        }
      }
      killer.join();
      assertThat(node.awaitExit(java.time.Duration.ofSeconds(30))).isEqualTo(137);
    }
    assertThat(acknowledged).hasSizeGreaterThan(3);
    System.out.println("acknowledged " + acknowledged.size() + " transfers before kill -9");

    try (RunningNode node = RunningNode.start(home, "--headless", "--ssh-port", "0")) {
      node.awaitReady();
      // ssh.port still names the killed node's port until the new console has written its own.
      int port = node.sshPort();
      OperatorShell.Result verified = ssh(port, "ledger:verify");
      assertThat(verified.exitCode()).as(verified.output()).isZero();
      assertThat(verified.output()).contains("ok: ");

      Path export = tmp.resolve("export.jsonl");
      OperatorShell.Result exported = ssh(port, "ledger:export " + export);
      assertThat(exported.exitCode()).as(exported.output()).isZero();
      String entries = Files.readString(export);
      for (String memo : acknowledged) {
        assertThat(entries).contains("\"" + memo + "\"");
      }
      OperatorShell.Result balance = ssh(port, "ledger:balance");
      assertThat(balance.exitCode()).as(balance.output()).isZero();
      assertThat(node.terminate()).isZero();
    }
  }
}
