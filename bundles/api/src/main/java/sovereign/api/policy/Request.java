package sovereign.api.policy;

import java.util.Locale;
import java.util.Objects;
import sovereign.api.ledger.Amounts;
import sovereign.api.ledger.Currency;

/**
 * What a subject asks to do, as the caller of {@link Policy#decide} describes it. Build one with
 * the factories; a request is a value (equal requests are the same request to approvals and audit).
 *
 * @param kind the capability it needs
 * @param target the path (relative to the sandbox), host, topic, skill or host function name; empty
 *     for a spend
 * @param port the port, for {@code net.connect}; 0 otherwise
 * @param currency the currency, for {@code ledger.spend}; null otherwise
 * @param amount micro-units, for {@code ledger.spend}; 0 otherwise
 * @param address the IP address the host name resolved to, when the caller resolved it; empty
 *     otherwise
 * @param correlation the caller's id for what this request is part of (e.g. a skill run), written
 *     to the audit log; empty when none
 */
public record Request(
    CapabilityKind kind,
    String target,
    int port,
    Currency currency,
    long amount,
    String address,
    String correlation) {

  public Request {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(address, "address");
    Objects.requireNonNull(correlation, "correlation");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port " + port + " is not 0 to 65535");
    }
  }

  /** Read a file, at a path relative to the subject's sandbox ({@code data/in.txt}). */
  public static Request fsRead(String path) {
    return new Request(CapabilityKind.FS_READ, path, 0, null, 0, "", "");
  }

  /** Create or write a file, at a path relative to the subject's sandbox. */
  public static Request fsWrite(String path) {
    return new Request(CapabilityKind.FS_WRITE, path, 0, null, 0, "", "");
  }

  /** Connect to a host name or IP address literal (IPv6 with or without brackets) and port. */
  public static Request connect(String host, int port) {
    return connect(host, "", port);
  }

  /**
   * Connect to a host whose name the caller resolved: check this after resolving, with each address
   * it will connect to, so that a name cannot lead to a private address it was not granted.
   */
  public static Request connect(String host, String address, int port) {
    return new Request(
        CapabilityKind.NET_CONNECT,
        host.toLowerCase(Locale.ROOT),
        port,
        null,
        0,
        address.toLowerCase(Locale.ROOT),
        "");
  }

  /** Spend micro-units of a currency from the node's wallet. */
  public static Request spend(Currency currency, long micros) {
    Objects.requireNonNull(currency, "currency");
    return new Request(CapabilityKind.LEDGER_SPEND, "", 0, currency, micros, "", "");
  }

  /** Publish to a mesh topic. */
  public static Request publish(String topic) {
    return new Request(CapabilityKind.MESH_PUBLISH, topic, 0, null, 0, "", "");
  }

  /** Subscribe to a mesh topic. */
  public static Request subscribe(String topic) {
    return new Request(CapabilityKind.MESH_SUBSCRIBE, topic, 0, null, 0, "", "");
  }

  /** Invoke another skill. */
  public static Request invoke(String skill) {
    return new Request(CapabilityKind.SKILL_INVOKE, skill, 0, null, 0, "", "");
  }

  /** Call a host function ({@code host.<function>}). */
  public static Request host(String function) {
    return new Request(CapabilityKind.HOST, function, 0, null, 0, "", "");
  }

  /**
   * Parses the request a capability text describes, as {@code policy:check} takes it: {@code
   * fs.read:data/a.txt}, {@code net.connect:example.com:443}, {@code ledger.spend:IPPC:1.5}, {@code
   * mesh.publish:news.daily}, {@code skill.invoke:echo}, {@code host.log}.
   *
   * @throws IllegalArgumentException quoting the text and saying what would work
   */
  public static Request parse(String text) {
    String s = text == null ? "" : text.strip();
    int colon = s.indexOf(':');
    String name = colon < 0 ? s : s.substring(0, colon);
    String argument = colon < 0 ? "" : s.substring(colon + 1);
    CapabilityKind kind = kind(text, name);
    if (kind == CapabilityKind.HOST) {
      if (colon >= 0 || name.length() == "host.".length()) {
        throw new IllegalArgumentException(
            "'" + text + "' is not a host function request; write host.<function>, e.g. host.log");
      }
      return host(name.substring("host.".length()));
    }
    if (argument.isEmpty()) {
      throw new IllegalArgumentException(
          "'" + text + "' needs what is asked after the colon, e.g. " + example(kind));
    }
    return switch (kind) {
      case FS_READ -> fsRead(argument);
      case FS_WRITE -> fsWrite(argument);
      case NET_CONNECT -> parseConnect(text, argument);
      case LEDGER_SPEND -> parseSpend(text, argument);
      case MESH_PUBLISH -> publish(argument);
      case MESH_SUBSCRIBE -> subscribe(argument);
      case SKILL_INVOKE -> invoke(argument);
      case HOST -> throw new IllegalStateException();
    };
  }

  /** This request, tied to the caller's correlation id in the audit log. */
  public Request withCorrelation(String id) {
    return new Request(kind, target, port, currency, amount, address, id);
  }

  /** The capability name it needs: {@code fs.read}, ..., {@code host.<function>}. */
  public String capability() {
    return kind == CapabilityKind.HOST ? "host." + target : kind.text();
  }

  /** The request in the words of {@link #parse}: {@code net.connect:example.com:443}. */
  @Override
  public String toString() {
    return switch (kind) {
      case HOST -> capability();
      case NET_CONNECT -> capability() + ":" + hostText() + ":" + port;
      case LEDGER_SPEND -> capability() + ":" + currency + ":" + Amounts.format(amount);
      default -> capability() + ":" + target;
    };
  }

  private String hostText() {
    return target.indexOf(':') >= 0 && !target.startsWith("[") ? "[" + target + "]" : target;
  }

  private static Request parseConnect(String text, String argument) {
    int colon = argument.lastIndexOf(':');
    String host = colon < 0 ? "" : argument.substring(0, colon);
    String port = colon < 0 ? "" : argument.substring(colon + 1);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    if (host.isEmpty()
        || port.isEmpty()
        || port.length() > 5
        || !port.chars().allMatch(Character::isDigit)) {
      throw new IllegalArgumentException(
          "'" + text + "' needs a host and a port, e.g. " + example(CapabilityKind.NET_CONNECT));
    }
    return connect(host, Integer.parseInt(port));
  }

  private static Request parseSpend(String text, String argument) {
    String[] parts = argument.split(":", -1);
    if (parts.length != 2) {
      throw new IllegalArgumentException(
          "'"
              + text
              + "' needs a currency and an amount, e.g. "
              + example(CapabilityKind.LEDGER_SPEND));
    }
    return spend(Currency.parse(parts[0]), Amounts.parse(parts[1]));
  }

  private static String example(CapabilityKind kind) {
    return switch (kind) {
      case FS_READ -> "fs.read:data/in.txt";
      case FS_WRITE -> "fs.write:out/result.txt";
      case NET_CONNECT -> "net.connect:api.example.com:443";
      case LEDGER_SPEND -> "ledger.spend:IPPC:1.5";
      case MESH_PUBLISH -> "mesh.publish:news.daily";
      case MESH_SUBSCRIBE -> "mesh.subscribe:news.daily";
      case SKILL_INVOKE -> "skill.invoke:echo";
      case HOST -> "host.log";
    };
  }

  private static CapabilityKind kind(String text, String name) {
    try {
      return CapabilityKind.of(name);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          e.getMessage().replace("'" + name + "'", "'" + text + "'"));
    }
  }
}
