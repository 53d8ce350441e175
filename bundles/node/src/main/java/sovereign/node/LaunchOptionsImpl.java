package sovereign.node;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import sovereign.api.node.LaunchOptions;

/** The command line resolved against the environment: command line first, then SOVEREIGN_*. */
final class LaunchOptionsImpl implements LaunchOptions {

  private final CommandLine commandLine;
  private final Map<String, String> environment;
  private final boolean terminalAttached;

  LaunchOptionsImpl(
      CommandLine commandLine, Map<String, String> environment, boolean terminalAttached) {
    this.commandLine = commandLine;
    this.environment = environment;
    this.terminalAttached = terminalAttached;
  }

  @Override
  public Path home() {
    return Path.of(option("home").orElse("data")).toAbsolutePath().normalize();
  }

  @Override
  public Optional<String> node() {
    return option("node");
  }

  @Override
  public boolean headless() {
    return commandLine.isSet("headless") || !terminalAttached;
  }

  @Override
  public Optional<String> option(String name) {
    Optional<String> value = commandLine.get(name);
    if (value.isPresent()) {
      return value;
    }
    String variable = "SOVEREIGN_" + name.toUpperCase(Locale.ROOT).replace('-', '_');
    return Optional.ofNullable(environment.get(variable)).filter(v -> !v.isEmpty());
  }

  @Override
  public List<String> arguments() {
    return commandLine.arguments();
  }
}
