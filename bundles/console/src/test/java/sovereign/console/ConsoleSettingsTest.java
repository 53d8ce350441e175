package sovereign.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConsoleSettingsTest {

  @TempDir Path root;

  @Test
  void configurationAppliesWithoutLaunchOptions() {
    ConsoleFixture node = new ConsoleFixture(root);
    try (node) {
      ConsoleSettings settings =
          ConsoleSettings.of(
              ConsoleFixture.config(true, "127.0.0.1", 8022, 1800), node.launchOptions());

      assertThat(settings)
          .isEqualTo(new ConsoleSettings(true, "127.0.0.1", 8022, Duration.ofMinutes(30)));
    }
  }

  @Test
  void launchOptionsWinAndBlankOnesAreIgnored() {
    ConsoleFixture node = new ConsoleFixture(root);
    try (node) {
      node.options.put("ssh-port", " 2222 ");
      node.options.put("ssh-host", "  ");

      ConsoleSettings settings =
          ConsoleSettings.of(ConsoleFixture.config(true, "0.0.0.0", 8022, 0), node.launchOptions());

      assertThat(settings.port()).isEqualTo(2222);
      assertThat(settings.host()).isEqualTo("0.0.0.0");
      assertThat(settings.idleTimeout()).isZero();
    }
  }

  @Test
  void badPortOptionIsNamedInTheError() {
    ConsoleFixture node = new ConsoleFixture(root);
    try (node) {
      node.options.put("ssh-port", "ssh");
      assertThatThrownBy(
              () ->
                  ConsoleSettings.of(
                      ConsoleFixture.config(true, "127.0.0.1", 8022, 60), node.launchOptions()))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("--ssh-port must be a port number (0-65535), got 'ssh'");

      node.options.put("ssh-port", "70000");
      assertThatThrownBy(
              () ->
                  ConsoleSettings.of(
                      ConsoleFixture.config(true, "127.0.0.1", 8022, 60), node.launchOptions()))
          .hasMessage("--ssh-port must be a port number (0-65535), got 70000");
    }
  }

  @Test
  void badConfigurationIsRefused() {
    ConsoleFixture node = new ConsoleFixture(root);
    try (node) {
      assertThatThrownBy(
              () ->
                  ConsoleSettings.of(
                      ConsoleFixture.config(true, "127.0.0.1", -1, 60), node.launchOptions()))
          .hasMessageContaining("between 0 and 65535, got -1");
      assertThatThrownBy(
              () ->
                  ConsoleSettings.of(
                      ConsoleFixture.config(true, "127.0.0.1", 8022, -5), node.launchOptions()))
          .hasMessageContaining("idleTimeoutSeconds");
      assertThatThrownBy(
              () ->
                  ConsoleSettings.of(
                      ConsoleFixture.config(true, " ", 8022, 60), node.launchOptions()))
          .hasMessageContaining("host");
    }
  }
}
