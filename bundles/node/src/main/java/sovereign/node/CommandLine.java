package sovereign.node;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The node's command line: {@code --name value}, {@code --name=value} and boolean flags. Every
 * option a bundle reads is listed here, so a typo is an error at start-up instead of a setting
 * silently ignored (docs/architecture.md, "Command line").
 */
final class CommandLine {

  /** Options that take a value. */
  static final Set<String> VALUED = Set.of("home", "node", "ssh-port", "ssh-host", "boot-deadline");

  /** Options that are on when present. */
  static final Set<String> FLAGS = Set.of("headless", "encrypt-key", "help");

  /** Options refused on the command line because other users can read it there. */
  private static final Set<String> SECRET = Set.of("passphrase");

  private final List<String> arguments;
  private final Map<String, String> values;

  private CommandLine(List<String> arguments, Map<String, String> values) {
    this.arguments = arguments;
    this.values = values;
  }

  /**
   * Parses the arguments.
   *
   * @throws IllegalArgumentException naming the argument that is wrong and what would work
   */
  static CommandLine parse(List<String> args) {
    Map<String, String> values = new LinkedHashMap<>();
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (!arg.startsWith("--") || arg.length() == 2) {
        throw new IllegalArgumentException(
            "unexpected argument '" + arg + "': options look like --home DIR (see --help)");
      }
      String name = arg.substring(2);
      String value = null;
      int eq = name.indexOf('=');
      if (eq >= 0) {
        value = name.substring(eq + 1);
        name = name.substring(0, eq);
      }
      if (SECRET.contains(name)) {
        throw new IllegalArgumentException(
            "'--"
                + name
                + "' is not accepted on the command line, where other users can read it: set"
                + " SOVEREIGN_PASSPHRASE in the environment instead");
      }
      if (FLAGS.contains(name)) {
        if (value != null) {
          throw new IllegalArgumentException(
              "'" + arg + "': --" + name + " is a flag and takes no value");
        }
        values.put(name, "true");
      } else if (VALUED.contains(name)) {
        if (value == null) {
          if (i + 1 >= args.size() || args.get(i + 1).startsWith("--")) {
            throw new IllegalArgumentException(
                "'--" + name + "' needs a value: --" + name + " VALUE");
          }
          value = args.get(++i);
        }
        if (value.isBlank()) {
          throw new IllegalArgumentException("'--" + name + "' needs a non-empty value");
        }
        values.put(name, value);
      } else {
        throw new IllegalArgumentException(
            "unknown option '--" + name + "'; known options: " + usageOptions());
      }
    }
    return new CommandLine(List.copyOf(args), Collections.unmodifiableMap(values));
  }

  Optional<String> get(String name) {
    return Optional.ofNullable(values.get(name));
  }

  boolean isSet(String flag) {
    return values.containsKey(flag);
  }

  List<String> arguments() {
    return arguments;
  }

  static String usageOptions() {
    List<String> all = new ArrayList<>();
    VALUED.stream().sorted().forEach(o -> all.add("--" + o + " VALUE"));
    FLAGS.stream().sorted().forEach(o -> all.add("--" + o));
    return String.join(", ", all);
  }

  static String usage() {
    return String.join(
        "\n",
        "Usage: java -jar node.jar [options]",
        "  --home DIR          node home (default: $SOVEREIGN_HOME, else ./data)",
        "  --node ID           run this node of the home (default: the one bound to this machine)",
        "  --headless          run as a daemon without a console (default when stdin is no"
            + " terminal)",
        "  --ssh-port N        SSH console port (default 8022; 0 picks a free port)",
        "  --ssh-host ADDR     SSH console bind address (default 127.0.0.1)",
        "  --boot-deadline S   seconds every core service has to come up (default 30)",
        "  --encrypt-key       on first boot, encrypt the node key with a passphrase (prompted)",
        "  --help              print this help",
        "Environment: SOVEREIGN_HOME, SOVEREIGN_PASSPHRASE, SOVEREIGN_<OPTION> for any option"
            + " above.");
  }
}
