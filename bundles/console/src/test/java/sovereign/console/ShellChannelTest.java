package sovereign.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ssh node}: the interactive Gogo shell on a terminal over the channel. */
class ShellChannelTest {

  @TempDir Path root;
  private ConsoleFixture node;
  private SshTestClient client;
  private ClientSession session;

  @BeforeEach
  void login() throws Exception {
    node = new ConsoleFixture(root);
    KeyPair key = KeyUtils.generateKeyPair(KeyPairProvider.ECDSA_SHA2_NISTP256, 256);
    node.authorize(key);
    node.start();
    client = new SshTestClient();
    session = client.login(node.port(), "admin", key);
  }

  @AfterEach
  void logout() throws Exception {
    session.close();
    client.close();
    node.close();
  }

  @Test
  void runsCommandsAndExitClosesTheChannelNotTheNode() throws Exception {
    try (SshTestClient.Shell shell = new SshTestClient.Shell(session, "xterm", 80, 24)) {
      shell.type("test:upper shell\r");
      shell.await("SHELL");
      shell.type("test:fail broken\r");
      shell.await("broken");

      shell.type("exit\r");

      assertThat(shell.awaitClosed()).as("channel closed by exit").isTrue();
      assertThat(shell.channel.getExitStatus()).isZero();
    }
    assertThat(node.frameworkExitRequested).isFalse();
    assertThat(SshTestClient.exec(session, "test:echo alive").out()).isEqualTo("alive\n");
  }

  @Test
  void ctrlDOnAnEmptyLineClosesTheChannel() throws Exception {
    try (SshTestClient.Shell shell = new SshTestClient.Shell(session, "xterm", 80, 24)) {
      shell.type("test:upper first\r");
      shell.await("FIRST");

      shell.type("\u0004");

      assertThat(shell.awaitClosed()).isTrue();
      assertThat(shell.channel.getExitStatus()).isZero();
    }
    assertThat(node.frameworkExitRequested).isFalse();
  }

  @Test
  void backspaceEditsTheLine() throws Exception {
    try (SshTestClient.Shell shell = new SshTestClient.Shell(session, "xterm", 80, 24)) {
      // "tset" fixed with backspaces (DEL, the default erase key) before Enter.
      shell.type("test:upper tset\u007f\u007f\u007fest\r");

      String output = shell.await("TEST");
      assertThat(output).doesNotContain("TSET");
    }
  }

  @Test
  void windowChangesResizeTheTerminal() throws Exception {
    try (SshTestClient.Shell shell = new SshTestClient.Shell(session, "xterm", 80, 24)) {
      shell.type("test:columns\r");
      shell.await("80");

      shell.channel.sendWindowChange(132, 40);
      shell.type("test:columns\r");

      shell.await("132");
    }
  }

  @Test
  void historyIsKeptInTheNodeData() throws Exception {
    try (SshTestClient.Shell shell = new SshTestClient.Shell(session, "xterm", 80, 24)) {
      shell.type("test:upper remembered\r");
      shell.await("REMEMBERED");
      shell.type("exit\r");
      assertThat(shell.awaitClosed()).isTrue();
    }

    assertThat(Files.readString(node.data.resolve("console_history")))
        .contains("test:upper remembered");

    try (SshTestClient.Shell shell = new SshTestClient.Shell(session, "xterm", 80, 24)) {
      // Up arrow (as xterm sends it in keypad mode), twice: "exit", then the command before it.
      shell.type("\u001bOA\u001bOA\r");
      shell.await("REMEMBERED");
    }
  }

  @Test
  void ctrlCInterruptsTheRunningCommand() throws Exception {
    try (SshTestClient.Shell shell = new SshTestClient.Shell(session, "xterm", 80, 24)) {
      shell.type("test:block\r");
      shell.await("blocking");

      shell.type("\u0003");
      shell.type("test:upper after\r");

      shell.await("AFTER");
      assertThat(shell.output()).doesNotContain("not interrupted");
    }
  }

  @Test
  void shellWithoutPtyRunsLinesWithPlainLineEnds() throws Exception {
    try (SshTestClient.Shell shell = new SshTestClient.Shell(session, null, 80, 24)) {
      shell.type("test:upper plain\n");
      String output = shell.await("PLAIN");
      shell.type("exit\n");

      assertThat(shell.awaitClosed()).isTrue();
      assertThat(output).contains("PLAIN\n").doesNotContain("PLAIN\r\n");
      assertThat(shell.channel.getExitStatus()).isZero();
    }
  }
}
