package sovereign.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.security.KeyPair;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A runtime without Gogo JLine: no interactive shell, but commands still run. */
class MissingGogoJLineTest {

  @TempDir Path root;

  @Test
  void shellSaysWhatIsMissingAndExecStillWorks() throws Exception {
    KeyPair key = KeyUtils.generateKeyPair(KeyPairProvider.ECDSA_SHA2_NISTP256, 256);
    try (ConsoleFixture node = new ConsoleFixture(root, false);
        SshTestClient client = new SshTestClient()) {
      node.authorize(key);
      node.start();
      try (ClientSession session = client.login(node.port(), "admin", key);
          SshTestClient.Shell shell = new SshTestClient.Shell(session, "xterm", 80, 24)) {
        shell.await("needs the Gogo JLine bundle");

        assertThat(shell.awaitClosed()).isTrue();
        assertThat(shell.channel.getExitStatus()).isEqualTo(1);
        assertThat(SshTestClient.exec(session, "test:echo still").out()).isEqualTo("still\n");
      }
    }
  }
}
