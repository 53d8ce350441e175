package sovereign.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;

/** The real OpenSSH client, when this machine has one, with an ed25519 key. */
@EnabledIf("hasOpenSsh")
class OpenSshClientTest {

  private static final Path SSH = Paths.get("/usr/bin/ssh");

  @TempDir Path root;
  private ConsoleFixture node;
  private Path identity;

  static boolean hasOpenSsh() {
    return Files.isExecutable(SSH);
  }

  @BeforeEach
  void setUp() throws Exception {
    node = new ConsoleFixture(root);
    KeyPair key = KeyUtils.generateKeyPair(KeyPairProvider.SSH_ED25519, 256);
    node.authorize(key);
    identity = root.resolve("id_ed25519");
    Files.createFile(
        identity,
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    try (OutputStream out = Files.newOutputStream(identity)) {
      new OpenSSHKeyPairResourceWriter().writePrivateKey(key, "test", null, out);
    }
    node.start();
  }

  @AfterEach
  void tearDown() {
    node.close();
  }

  @Test
  void execPrintsTheResultAndExitsZero() throws Exception {
    Run run = ssh("test:echo hi");

    assertThat(run.out).isEqualTo("hi\n");
    assertThat(run.status).isZero();
  }

  @Test
  void failingCommandExitsOneWithItsMessageOnStderr() throws Exception {
    Run run = ssh("test:fail nope");

    assertThat(run.status).isEqualTo(1);
    assertThat(run.err).contains("nope");
  }

  private record Run(String out, String err, int status) {}

  private Run ssh(String command) throws Exception {
    List<String> args = new ArrayList<>();
    args.addAll(
        List.of(
            SSH.toString(),
            "-F",
            "/dev/null",
            "-p",
            String.valueOf(node.port()),
            "-i",
            identity.toString(),
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
            "admin@127.0.0.1",
            command));
    Path out = root.resolve("ssh.out");
    Path err = root.resolve("ssh.err");
    Process p =
        new ProcessBuilder(args)
            .redirectInput(ProcessBuilder.Redirect.from(Paths.get("/dev/null").toFile()))
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .start();
    if (!p.waitFor(30, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("ssh did not finish: " + Files.readString(err));
    }
    return new Run(
        Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8),
        p.exitValue());
  }
}
