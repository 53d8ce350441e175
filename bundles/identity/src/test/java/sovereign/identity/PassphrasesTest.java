package sovereign.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;
import sovereign.identity.KeyCipher.ScryptParams;

class PassphrasesTest {

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Path HOME = Path.of("/unused");
  private static final Path KEY = Path.of("/n/data/identity.key");

  @Test
  void withoutVariableOrFlagTheNewKeyIsNotEncrypted() {
    assertThat(new Passphrases(new TestLaunchOptions(HOME), ScriptedConsole.none(), 3).forNewKey())
        .isNull();
  }

  @Test
  void theVariableGivesTheNewKeysPassphrase() {
    TestLaunchOptions options = new TestLaunchOptions(HOME).passphrase("from env");

    assertThat(new Passphrases(options, ScriptedConsole.none(), 3).forNewKey())
        .isEqualTo("from env".toCharArray());
  }

  @Test
  void anEmptyVariableIsRefusedRatherThanUsedAsThePassphrase() {
    TestLaunchOptions options = new TestLaunchOptions(HOME).passphrase("");

    assertThatThrownBy(() -> new Passphrases(options, ScriptedConsole.none(), 3).forNewKey())
        .hasMessageStartingWith("SOVEREIGN_PASSPHRASE is set but empty");
  }

  @Test
  void encryptKeyOnAConsoleAsksTwiceAndRetriesWhenTheEntriesDiffer() {
    TestLaunchOptions options = new TestLaunchOptions(HOME);
    options.headless = false;
    options.arguments.add("--encrypt-key");
    ScriptedConsole console = new ScriptedConsole("one", "two", "same", "same");

    char[] passphrase = new Passphrases(options, console, 3).forNewKey();

    assertThat(passphrase).isEqualTo("same".toCharArray());
    assertThat(console.prompts)
        .containsExactly(
            "New passphrase for the node key: ",
            "Repeat the passphrase: ",
            "The two passphrases differ. New passphrase for the node key: ",
            "Repeat the passphrase: ");
  }

  @Test
  void encryptKeyGivesUpAfterTheAllowedAttempts() {
    TestLaunchOptions options = new TestLaunchOptions(HOME);
    options.headless = false;
    options.arguments.add("--encrypt-key");
    ScriptedConsole console = new ScriptedConsole("", "a", "b");

    assertThatThrownBy(() -> new Passphrases(options, console, 2).forNewKey())
        .hasMessage(
            "no passphrase was confirmed in 2 attempts (it was empty or the two entries"
                + " differed); no node was created");
  }

  @Test
  void encryptKeyWithoutAConsoleSaysToUseTheVariable() {
    TestLaunchOptions options = new TestLaunchOptions(HOME);
    options.arguments.add("--encrypt-key");

    assertThatThrownBy(() -> new Passphrases(options, ScriptedConsole.none(), 3).forNewKey())
        .hasMessage(
            "--encrypt-key needs an interactive console to ask for the passphrase; in headless"
                + " mode set SOVEREIGN_PASSPHRASE instead");
  }

  @Test
  void theConsoleGetsThreeTriesThenTheBootHaltsWithWrongPassphrase() {
    KeyFile file = sealedKeyFile("right");
    TestLaunchOptions options = new TestLaunchOptions(HOME);
    options.headless = false;
    ScriptedConsole console = new ScriptedConsole("a", "b", "c", "right");

    assertThatThrownBy(() -> new Passphrases(options, console, 3).unlock(file))
        .isInstanceOf(WrongPassphraseException.class)
        .hasMessage("wrong passphrase for " + KEY + " (3 attempts)");
    assertThat(console.prompts).hasSize(3);
  }

  @Test
  void endOfInputAtThePromptIsReported() {
    KeyFile file = sealedKeyFile("right");
    TestLaunchOptions options = new TestLaunchOptions(HOME);
    options.headless = false;

    assertThatThrownBy(() -> new Passphrases(options, new ScriptedConsole(), 3).unlock(file))
        .hasMessage("no passphrase was entered for key file " + KEY + " (end of input)");
  }

  @Test
  void theVariableIsUsedBeforeTheConsole() {
    KeyFile file = sealedKeyFile("right");
    TestLaunchOptions options = new TestLaunchOptions(HOME).passphrase("right");
    options.headless = false;
    ScriptedConsole console = new ScriptedConsole();

    assertThat(new Passphrases(options, console, 3).unlock(file).nodeId()).isEqualTo(file.nodeId());
    assertThat(console.prompts).isEmpty();
  }

  private static KeyFile sealedKeyFile(String passphrase) {
    return KeyFileCodec.decode(
        KEY,
        KeyFileCodec.encode(
            KeyMaterial.generate(RANDOM),
            "2026-01-01T00:00:00Z",
            passphrase.toCharArray(),
            new ScryptParams(10, 8, 1),
            RANDOM));
  }
}
