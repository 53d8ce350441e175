package sovereign.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.security.KeyPair;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ssh node <command>}: one Gogo command line, its output and its exit status. */
class ExecChannelTest {

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
  void resultGoesToStdoutWithStatusZero() throws Exception {
    SshTestClient.Result result = SshTestClient.exec(session, "test:echo hi");

    assertThat(result.out()).isEqualTo("hi\n");
    assertThat(result.err()).isEmpty();
    assertThat(result.status()).isZero();
  }

  @Test
  void withAPtyLinesEndWithCrLfAsOnATerminal() throws Exception {
    SshTestClient.Result result = SshTestClient.exec(session, "test:print 'a\nb'", true);

    assertThat(result.out()).isEqualTo("printed a\r\nb\r\n");
    assertThat(result.status()).isZero();
  }

  @Test
  void whatACommandPrintsGoesToStdout() throws Exception {
    SshTestClient.Result result = SshTestClient.exec(session, "test:print it");

    assertThat(result.out()).isEqualTo("printed it\n");
    assertThat(result.status()).isZero();
  }

  @Test
  void commandsResolveWithoutTheirScope() throws Exception {
    assertThat(SshTestClient.exec(session, "upper abc").out()).isEqualTo("ABC\n");
  }

  @Test
  void failureGivesItsMessageOnStderrAndStatusOne() throws Exception {
    SshTestClient.Result result = SshTestClient.exec(session, "test:fail 'ledger is closed'");

    assertThat(result.out()).isEmpty();
    assertThat(result.err()).isEqualTo("ledger is closed\n");
    assertThat(result.status()).isEqualTo(1);
  }

  @Test
  void unknownCommandFailsWithStatusOne() throws Exception {
    SshTestClient.Result result = SshTestClient.exec(session, "nosuch:command");

    assertThat(result.err()).isEqualTo("Command not found: nosuch:command\n");
    assertThat(result.status()).isEqualTo(1);
  }

  @Test
  void oneLineMayHoldSeveralStatements() throws Exception {
    SshTestClient.Result result = SshTestClient.exec(session, "x = 42; test:echo $x");

    assertThat(result.out()).isEqualTo("42\n");
    assertThat(result.status()).isZero();
  }

  @Test
  void eachCommandRunsInItsOwnSession() throws Exception {
    assertThat(SshTestClient.exec(session, "x = 42").status()).isZero();

    SshTestClient.Result result = SshTestClient.exec(session, "test:echo $x");

    assertThat(result.out()).doesNotContain("42");
  }

  @Test
  void loginIsLoggedWithTheKeyComment() throws Exception {
    assertThat(node.log.find("INFO", "SSH login: 'admin' from /127.0.0.1"))
        .singleElement()
        .asString()
        .endsWith("with key 'operator0'");
  }
}
