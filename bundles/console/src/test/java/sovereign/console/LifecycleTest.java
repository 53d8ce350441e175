package sovereign.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Starting, reconfiguring and stopping the console; the files it keeps in the node's data. */
class LifecycleTest {

  @TempDir Path root;
  private ConsoleFixture node;
  private SshTestClient client;
  private KeyPair key;

  @BeforeEach
  void setUp() throws Exception {
    node = new ConsoleFixture(root);
    key = KeyUtils.generateKeyPair(KeyPairProvider.ECDSA_SHA2_NISTP256, 256);
    node.authorize(key);
    client = new SshTestClient();
  }

  @AfterEach
  void tearDown() throws Exception {
    client.close();
    node.close();
  }

  @Test
  void logsWhereItListensAndWritesThePortFile() throws Exception {
    node.start();

    assertThat(node.log.find("INFO", "SSH console listening on 127.0.0.1:" + node.port() + " "))
        .singleElement()
        .asString()
        .contains("host key SHA256:");
    assertThat(Files.readString(node.data.resolve("ssh.port"))).isEqualTo(node.port() + "\n");
  }

  @Test
  void hostKeyIsCreatedOwnerOnlyAndStableAcrossRestarts() throws Exception {
    node.start();
    client.login(node.port(), "admin", key).close();
    Path hostKey = node.data.resolve("ssh_host_key");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(hostKey)))
        .isEqualTo("rw-------");
    // OpenSSH's own private-key format, as ssh-keygen writes it.
    assertThat(Files.readString(hostKey)).startsWith("-----").contains("OPENSSH PRIVATE KEY");
    byte[] written = Files.readAllBytes(hostKey);
    node.stop();

    node.start();
    client.login(node.port(), "admin", key).close();

    assertThat(client.serverKeys).hasSize(2);
    assertThat(KeyUtils.compareKeys(client.serverKeys.get(0), client.serverKeys.get(1))).isTrue();
    assertThat(Files.readAllBytes(hostKey)).isEqualTo(written);
    assertThat(node.log.find("INFO", KeyUtils.getFingerPrint(client.serverKeys.get(0)))).hasSize(2);
  }

  @Test
  void unreadableHostKeyStopsTheStartInsteadOfBeingReplaced() throws Exception {
    Files.createDirectories(node.data);
    Path hostKey = node.data.resolve("ssh_host_key");
    Files.writeString(hostKey, "not a key\n");

    assertThatThrownBy(node::start)
        .isInstanceOf(IOException.class)
        .hasMessageContaining(hostKey.toString());
    assertThat(Files.readString(hostKey)).isEqualTo("not a key\n");
    assertThat(node.log.find("ERROR", "SSH console not started")).isNotEmpty();
    assertThat(node.data.resolve("ssh.port")).doesNotExist();
  }

  @Test
  void stopClosesSessionsFreesThePortAndEndsItsThreads() throws Exception {
    node.start();
    int port = node.port();
    ClientSession session = client.login(node.port(), "admin", key);
    SshTestClient.Shell shell = new SshTestClient.Shell(session, "xterm", 80, 24);
    shell.type("test:upper running\r");
    shell.await("RUNNING");

    node.stop();

    assertThat(shell.awaitClosed()).isTrue();
    assertThat(node.data.resolve("ssh.port")).doesNotExist();
    assertThat(node.log.find("INFO", "SSH console stopped")).hasSize(1);
    assertThat(isListening(port)).isFalse();
    assertThat(awaitNoConsoleThreads()).isEmpty();
  }

  @Test
  void launchOptionsOverrideTheConfiguredHostAndPort() throws Exception {
    node.options.put("ssh-port", "0");
    node.options.put("ssh-host", "localhost");

    node.start(ConsoleFixture.config(true, "192.0.2.1", 8022, 60));

    assertThat(node.port()).isNotEqualTo(8022);
    assertThat(node.log.find("INFO", "SSH console listening on localhost:" + node.port()))
        .hasSize(1);
    client.login(node.port(), "admin", key).close();
  }

  @Test
  void disabledConsoleDoesNotListen() throws Exception {
    Files.writeString(node.data.resolve("ssh.port"), "1234\n");

    node.start(ConsoleFixture.config(false, "127.0.0.1", 0, 60));

    assertThat(node.data.resolve("ssh.port")).doesNotExist();
    assertThat(node.log.find("INFO", "SSH console disabled")).hasSize(1);
    assertThat(node.log.find("INFO", "listening")).isEmpty();
  }

  @Test
  void portInUseFailsTheStartWithTheAddressInTheMessage() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      int port = taken.getLocalPort();

      assertThatThrownBy(() -> node.start(ConsoleFixture.config(true, "127.0.0.1", port, 60)))
          .isInstanceOf(IOException.class)
          .hasMessageContaining("127.0.0.1:" + port);
    }
    assertThat(node.log.find("ERROR", "SSH console not started")).hasSize(1);
    assertThat(awaitNoConsoleThreads()).isEmpty();
  }

  @Test
  void configurationChangeMovesTheServer() throws Exception {
    SshConsole console = node.start();
    int first = node.port();

    console.modified(ConsoleFixture.config(true, "127.0.0.1", 0, 60));

    assertThat(isListening(first)).isFalse();
    client.login(node.port(), "admin", key).close();
    console.modified(ConsoleFixture.config(false, "127.0.0.1", 0, 60));
    assertThat(console.server()).isNull();
    assertThat(node.data.resolve("ssh.port")).doesNotExist();
  }

  @Test
  void refusedReconfigurationKeepsTheRunningServer() throws Exception {
    SshConsole console = node.start();
    int port = node.port();

    assertThatThrownBy(() -> console.modified(ConsoleFixture.config(true, "127.0.0.1", 99999, 60)))
        .isInstanceOf(IllegalArgumentException.class);

    assertThat(node.port()).isEqualTo(port);
    client.login(port, "admin", key).close();
    assertThat(node.log.find("ERROR", "configuration refused")).hasSize(1);
  }

  @Test
  void idleSessionsAreClosed() throws Exception {
    node.start(ConsoleFixture.config(true, "127.0.0.1", 0, 1));
    ClientSession session = client.login(node.port(), "admin", key);

    session.waitFor(
        List.of(org.apache.sshd.client.session.ClientSession.ClientSessionEvent.CLOSED),
        SshTestClient.TIMEOUT);

    assertThat(session.isClosed()).isTrue();
  }

  private static boolean isListening(int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** Waits up to 5 s for the console's threads to end; returns those still alive. */
  private static List<String> awaitNoConsoleThreads() throws InterruptedException {
    List<String> alive = List.of();
    for (int i = 0; i < 100; i++) {
      alive =
          Thread.getAllStackTraces().keySet().stream()
              .filter(Thread::isAlive)
              .map(Thread::getName)
              .filter(n -> n.contains("SshServer") || n.contains("sovereign-ssh"))
              .collect(Collectors.toList());
      if (alive.isEmpty()) {
        break;
      }
      Thread.sleep(50);
    }
    return alive;
  }
}
