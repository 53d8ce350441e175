package sovereign.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CommandLineTest {

  @Test
  void readsValuedOptionsInBothFormsAndFlags() {
    CommandLine cl =
        CommandLine.parse(List.of("--home", "/srv/n", "--ssh-port=2222", "--headless"));
    assertThat(cl.get("home")).contains("/srv/n");
    assertThat(cl.get("ssh-port")).contains("2222");
    assertThat(cl.isSet("headless")).isTrue();
    assertThat(cl.isSet("encrypt-key")).isFalse();
  }

  @Test
  void unknownOptionIsRefusedNamingItAndTheKnownOnes() {
    assertThatThrownBy(() -> CommandLine.parse(List.of("--hmoe", "x")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'--hmoe'")
        .hasMessageContaining("--home VALUE");
  }

  @Test
  void optionWithoutItsValueIsRefused() {
    assertThatThrownBy(() -> CommandLine.parse(List.of("--home")))
        .hasMessageContaining("'--home' needs a value");
    assertThatThrownBy(() -> CommandLine.parse(List.of("--home", "--headless")))
        .hasMessageContaining("'--home' needs a value");
  }

  @Test
  void flagWithAValueIsRefused() {
    assertThatThrownBy(() -> CommandLine.parse(List.of("--headless=yes")))
        .hasMessageContaining("takes no value");
  }

  @Test
  void positionalArgumentIsRefused() {
    assertThatThrownBy(() -> CommandLine.parse(List.of("start")))
        .hasMessageContaining("unexpected argument 'start'");
  }

  @Test
  void passphraseOnTheCommandLineIsRefusedPointingToTheEnvironment() {
    assertThatThrownBy(() -> CommandLine.parse(List.of("--passphrase", "hunter2")))
        .hasMessageContaining("SOVEREIGN_PASSPHRASE")
        .hasMessageNotContaining("hunter2");
  }

  @Test
  void launchOptionsPreferTheCommandLineThenTheEnvironmentThenDefaults() {
    var env = Map.of("SOVEREIGN_HOME", "/env/home", "SOVEREIGN_SSH_PORT", "9000");
    var fromCommandLine =
        new LaunchOptionsImpl(CommandLine.parse(List.of("--home", "/cli/home")), env, true);
    assertThat(fromCommandLine.home()).isEqualTo(Path.of("/cli/home"));
    assertThat(fromCommandLine.option("ssh-port")).contains("9000");

    var fromEnvironment = new LaunchOptionsImpl(CommandLine.parse(List.of()), env, true);
    assertThat(fromEnvironment.home()).isEqualTo(Path.of("/env/home"));

    var defaults = new LaunchOptionsImpl(CommandLine.parse(List.of()), Map.of(), true);
    assertThat(defaults.home()).isEqualTo(Path.of("data").toAbsolutePath());
    assertThat(defaults.node()).isEmpty();
  }

  @Test
  void nodeIsHeadlessWithTheFlagOrWithoutATerminal() {
    assertThat(new LaunchOptionsImpl(CommandLine.parse(List.of()), Map.of(), true).headless())
        .isFalse();
    assertThat(new LaunchOptionsImpl(CommandLine.parse(List.of()), Map.of(), false).headless())
        .isTrue();
    assertThat(
            new LaunchOptionsImpl(CommandLine.parse(List.of("--headless")), Map.of(), true)
                .headless())
        .isTrue();
  }
}
