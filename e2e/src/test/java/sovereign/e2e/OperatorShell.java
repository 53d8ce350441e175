package sovereign.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The operator's OpenSSH client, run as a process. */
final class OperatorShell {

  record Result(int exitCode, String output) {}

  private OperatorShell() {}

  static boolean available() {
    return Files.isExecutable(Path.of("/usr/bin/ssh"))
        && Files.isExecutable(Path.of("/usr/bin/ssh-keygen"));
  }

  /** Generates an ed25519 key pair without passphrase; returns the private key file. */
  static Path keygen(Path dir, String name) throws IOException, InterruptedException {
    Path key = dir.resolve(name);
    Result r =
        run(
            List.of(
                "ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", name, "-f", key.toString()));
    if (r.exitCode() != 0) {
      throw new IllegalStateException("ssh-keygen failed: " + r.output());
    }
    return key;
  }

  /** {@code ssh -p PORT admin@127.0.0.1 COMMAND} with the given key only. */
  static Result ssh(int port, Path key, String command) throws IOException, InterruptedException {
    return ssh(port, key, command, "");
  }

  /** The same, with {@code stdin} typed on its standard input (an answer to a prompt). */
  static Result ssh(int port, Path key, String command, String stdin)
      throws IOException, InterruptedException {
    return run(sshCommand(port, key, command), stdin);
  }

  /** Starts {@code ssh ... COMMAND} without waiting for it; its output goes to {@code log}. */
  static Process sshInBackground(int port, Path key, String command, Path log) throws IOException {
    return new ProcessBuilder(sshCommand(port, key, command))
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start();
  }

  /** Lets {@code key} log into the node under {@code home}, as an operator sets it up. */
  static void authorize(Path home, Path key) throws IOException {
    Path keys = RunningNode.nodeHome(home).resolve("data/authorized_keys");
    Files.copy(Path.of(key + ".pub"), keys);
    // As OpenSSH's StrictModes, the console refuses an authorized_keys others may write.
    Files.setPosixFilePermissions(keys, PosixFilePermissions.fromString("rw-------"));
  }

  private static List<String> sshCommand(int port, Path key, String command) {
    return List.of(
        "ssh",
        "-p",
        Integer.toString(port),
        "-i",
        key.toString(),
        "-o",
        "BatchMode=yes",
        "-o",
        "IdentitiesOnly=yes",
        "-o",
        "StrictHostKeyChecking=no",
        "-o",
        "UserKnownHostsFile=/dev/null",
        "-o",
        "LogLevel=ERROR",
        "-o",
        "ConnectTimeout=20",
        "admin@127.0.0.1",
        command);
  }

  /**
   * Makes the node its own mint authority (a configuration file, written then renamed) and mints
   * {@code amount} IPPC into its wallet over SSH, retrying while the ledger applies the
   * configuration.
   */
  static void fundWallet(RunningNode node, Path nodeHome, Path key, String nodeId, int amount)
      throws Exception {
    Path config = Files.createDirectories(nodeHome.resolve("data").resolve("config"));
    Path draft = config.resolve("ledger.draft");
    Files.writeString(draft, "{\"mintAuthorities\": [\"self\"]}");
    Files.move(draft, config.resolve("sovereign.ledger.json"), StandardCopyOption.ATOMIC_MOVE);
    node.awaitOutput("configuration sovereign.ledger applied", Duration.ofSeconds(30));
    int port = node.sshPort();
    Result minted = null;
    for (int i = 0; i < 50 && (minted == null || minted.exitCode() != 0); i++) {
      minted = ssh(port, key, "ledger:mint " + nodeId + " " + amount + " IPPC");
      Thread.sleep(100);
    }
    if (minted.exitCode() != 0) {
      throw new IllegalStateException("ledger:mint failed: " + minted.output());
    }
  }

  private static Result run(List<String> command) throws IOException, InterruptedException {
    return run(command, "");
  }

  private static Result run(List<String> command, String stdin)
      throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    try (var in = p.getOutputStream()) {
      in.write(stdin.getBytes(StandardCharsets.UTF_8));
    }
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IllegalStateException("timed out: " + command);
    }
    return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
  }
}
