package sovereign.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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
    List<String> cmd = new ArrayList<>();
    cmd.addAll(
        List.of(
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
            command));
    return run(cmd);
  }

  private static Result run(List<String> command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    p.getOutputStream().close();
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IllegalStateException("timed out: " + command);
    }
    return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
  }
}
