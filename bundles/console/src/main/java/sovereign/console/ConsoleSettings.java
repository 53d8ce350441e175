package sovereign.console;

import java.time.Duration;
import java.util.Optional;
import sovereign.api.node.LaunchOptions;

/**
 * Where and how the SSH server listens: the configuration, with the {@code --ssh-host} and {@code
 * --ssh-port} launch options taking precedence.
 */
record ConsoleSettings(boolean enabled, String host, int port, Duration idleTimeout) {

  static final String HOST_OPTION = "ssh-host";
  static final String PORT_OPTION = "ssh-port";

  ConsoleSettings {
    if (host == null || host.isBlank()) {
      throw new IllegalArgumentException("the SSH console needs a host to bind, got none");
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException(
          "the SSH console port must be between 0 and 65535, got " + port);
    }
    if (idleTimeout.isNegative()) {
      throw new IllegalArgumentException(
          "idleTimeoutSeconds must be 0 (never) or positive, got " + idleTimeout.toSeconds());
    }
  }

  /**
   * The settings for a configuration and launch options.
   *
   * @throws IllegalArgumentException naming the option or property that is wrong
   */
  static ConsoleSettings of(SshConsoleConfig config, LaunchOptions options) {
    String host = nonBlank(options.option(HOST_OPTION)).orElse(config.host());
    int port =
        nonBlank(options.option(PORT_OPTION)).map(ConsoleSettings::parsePort).orElse(config.port());
    return new ConsoleSettings(
        config.enabled(), host.strip(), port, Duration.ofSeconds(config.idleTimeoutSeconds()));
  }

  private static Optional<String> nonBlank(Optional<String> value) {
    return value.map(String::strip).filter(v -> !v.isEmpty());
  }

  private static int parsePort(String text) {
    int port;
    try {
      port = Integer.parseInt(text);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "--" + PORT_OPTION + " must be a port number (0-65535), got '" + text + "'");
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException(
          "--" + PORT_OPTION + " must be a port number (0-65535), got " + port);
    }
    return port;
  }
}
