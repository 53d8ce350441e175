package sovereign.identity;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import sovereign.api.node.LaunchOptions;

/** Launch options a test sets field by field; headless unless told otherwise. */
final class TestLaunchOptions implements LaunchOptions {

  Path home;
  String node;
  boolean headless = true;
  final Map<String, String> options = new HashMap<>();
  final List<String> arguments = new ArrayList<>();

  TestLaunchOptions(Path home) {
    this.home = home;
  }

  TestLaunchOptions passphrase(String passphrase) {
    options.put(Passphrases.OPTION, passphrase);
    return this;
  }

  @Override
  public Path home() {
    return home;
  }

  @Override
  public Optional<String> node() {
    return Optional.ofNullable(node);
  }

  @Override
  public boolean headless() {
    return headless;
  }

  @Override
  public Optional<String> option(String name) {
    return Optional.ofNullable(options.get(name));
  }

  @Override
  public List<String> arguments() {
    return arguments;
  }
}
