package sovereign.api.node;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * How this node process was started: the command line, resolved against {@code SOVEREIGN_*}
 * environment variables and defaults. Every bundle reads its start-up options from here instead of
 * parsing the command line itself.
 */
@ProviderType
public interface LaunchOptions {

  /**
   * The home that holds {@code nodes/<NodeID>/}: {@code --home}, {@code SOVEREIGN_HOME}, or {@code
   * ./data}.
   */
  Path home();

  /** The node explicitly chosen with {@code --node ID}, if any. */
  Optional<String> node();

  /** True with {@code --headless}, or when standard input is not a terminal. */
  boolean headless();

  /**
   * A named option: {@code --name value} or {@code --name=value} on the command line, else the
   * environment variable {@code SOVEREIGN_NAME} (upper case, {@code -} as {@code _}).
   */
  Optional<String> option(String name);

  /** The raw command-line arguments. */
  List<String> arguments();
}
