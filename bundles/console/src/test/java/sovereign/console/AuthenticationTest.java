package sovereign.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.sshd.client.auth.keyboard.UserInteraction;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.SshException;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Public keys from {@code <node>/data/authorized_keys}, and nothing else, let you in. */
class AuthenticationTest {

  @TempDir Path root;
  private ConsoleFixture node;
  private SshTestClient client;

  @BeforeEach
  void setUp() {
    node = new ConsoleFixture(root);
    client = new SshTestClient();
  }

  @AfterEach
  void tearDown() throws Exception {
    client.close();
    node.close();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "ssh-ed25519, 256",
    "ecdsa-sha2-nistp256, 256",
    "ecdsa-sha2-nistp384, 384",
    "ecdsa-sha2-nistp521, 521",
    "ssh-rsa, 3072"
  })
  void authorizedKeyOfEachTypeLogsInWithAnyUserName(String type, int bits) throws Exception {
    KeyPair key = KeyUtils.generateKeyPair(type, bits);
    node.authorize(key);
    node.start();

    for (String user : new String[] {"admin", "alice"}) {
      try (ClientSession session = client.login(node.port(), user, key)) {
        assertThat(SshTestClient.exec(session, "test:echo " + user).out()).isEqualTo(user + "\n");
      }
    }
  }

  @Test
  void unknownKeyIsRefusedAndTheRefusalIsLogged() throws Exception {
    node.authorize(ecKey());
    node.start();
    KeyPair stranger = ecKey();

    assertThatThrownBy(() -> client.login(node.port(), "admin", stranger))
        .isInstanceOf(SshException.class);
    assertThat(node.log.find("INFO", "SSH login refused for 'admin'"))
        .anyMatch(l -> l.contains(KeyUtils.getFingerPrint(stranger.getPublic())))
        .anyMatch(l -> l.contains("is not in " + node.data.resolve("authorized_keys")));
  }

  @Test
  void passwordIsRefusedWhateverItIs() throws Exception {
    node.authorize(ecKey());
    node.start();

    for (String password : new String[] {"admin", "correct horse battery staple"}) {
      ClientSession session = client.connect(node.port(), "admin");
      session.addPasswordIdentity(password);
      assertThatThrownBy(() -> session.auth().verify(SshTestClient.TIMEOUT))
          .isInstanceOf(SshException.class);
      assertThat(session.isAuthenticated()).isFalse();
      session.close();
    }
  }

  @Test
  void keyboardInteractiveIsNotOffered() throws Exception {
    node.authorize(ecKey());
    node.start();
    ClientSession session = client.connect(node.port(), "admin");
    AtomicBoolean asked = new AtomicBoolean();
    session.setUserInteraction(
        new UserInteraction() {
          @Override
          public String[] interactive(
              ClientSession s,
              String name,
              String instruction,
              String lang,
              String[] prompt,
              boolean[] echo) {
            asked.set(true);
            return new String[] {"anything"};
          }

          @Override
          public String getUpdatedPassword(ClientSession s, String prompt, String lang) {
            asked.set(true);
            return "anything";
          }
        });

    assertThatThrownBy(() -> session.auth().verify(SshTestClient.TIMEOUT))
        .isInstanceOf(SshException.class);
    assertThat(asked).isFalse();
    session.close();
  }

  @Test
  void missingAuthorizedKeysRefusesEveryoneAndSaysWhereToPutKeys() throws Exception {
    node.start();
    Path file = node.data.resolve("authorized_keys");

    assertThat(node.log.find("WARN", "Nobody can log in to the SSH console yet"))
        .singleElement()
        .asString()
        .contains("there is no " + file)
        .contains("OpenSSH public keys");
    assertThatThrownBy(() -> client.login(node.port(), "admin", ecKey()))
        .isInstanceOf(SshException.class);
    assertThat(node.log.find("WARN", "SSH login refused for 'admin'"))
        .anyMatch(l -> l.contains("there is no " + file));
  }

  @Test
  void keysAddedWhileRunningAreAcceptedWithoutRestart() throws Exception {
    KeyPair first = ecKey();
    KeyPair second = ecKey();
    node.authorize(first);
    node.start();
    client.login(node.port(), "admin", first).close();
    assertThatThrownBy(() -> client.login(node.port(), "admin", second))
        .isInstanceOf(SshException.class);

    node.authorize(first, second);

    client.login(node.port(), "admin", second).close();
  }

  @Test
  void removedKeysAreRefusedWithoutRestart() throws Exception {
    KeyPair first = ecKey();
    KeyPair second = ecKey();
    node.authorize(first, second);
    node.start();
    client.login(node.port(), "admin", first).close();

    node.authorize(second);

    assertThatThrownBy(() -> client.login(node.port(), "admin", first))
        .isInstanceOf(SshException.class);
  }

  @Test
  void fileWritableByOthersRefusesEveryone() throws Exception {
    KeyPair key = ecKey();
    node.authorize(key);
    Path file = node.data.resolve("authorized_keys");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-rw-rw-"));
    node.start();

    assertThatThrownBy(() -> client.login(node.port(), "admin", key))
        .isInstanceOf(SshException.class);
    assertThat(node.log.find("WARN", "SSH login refused")).anyMatch(l -> l.contains("chmod 600"));

    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    client.login(node.port(), "admin", key).close();
  }

  @Test
  void keyWithOptionsIsIgnoredBecauseTheyWouldNotBeEnforced() throws Exception {
    KeyPair restricted = ecKey();
    KeyPair plain = ecKey();
    node.writeAuthorizedKeys(
        "from=\"10.9.9.9\",command=\"true\" "
            + PublicKeyEntry.toString(restricted.getPublic())
            + " restricted\n"
            + PublicKeyEntry.toString(plain.getPublic())
            + " plain\n");
    node.start();

    assertThatThrownBy(() -> client.login(node.port(), "admin", restricted))
        .isInstanceOf(SshException.class);
    assertThat(node.log.find("WARN", "SSH console ignores a key"))
        .singleElement()
        .asString()
        .contains("restricted")
        .contains("not supported");
    client.login(node.port(), "admin", plain).close();
  }

  @Test
  void unreadableFileRefusesEveryoneAndSaysWhy() throws Exception {
    KeyPair key = ecKey();
    node.writeAuthorizedKeys(PublicKeyEntry.toString(key.getPublic()) + "\nssh-ed25519\n");
    node.start();

    assertThatThrownBy(() -> client.login(node.port(), "admin", key))
        .isInstanceOf(SshException.class);
    assertThat(node.log.find("WARN", "cannot read " + node.data.resolve("authorized_keys")))
        .isNotEmpty();
  }

  private static KeyPair ecKey() throws Exception {
    return KeyUtils.generateKeyPair(KeyPairProvider.ECDSA_SHA2_NISTP256, 256);
  }
}
