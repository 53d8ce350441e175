package sovereign.policy;

import java.util.Arrays;
import sovereign.api.ledger.Currency;
import sovereign.api.policy.Capability;
import sovereign.api.policy.CapabilityKind;
import sovereign.api.policy.Request;

/** One capability compiled for matching requests. */
final class Rule {

  final Capability capability;
  final String text;
  private final Glob glob;
  private final int port;
  private final byte[] address;
  final Currency currency;
  final long perCall;
  final long perDay;

  Rule(Capability capability) {
    this.capability = capability;
    this.text = capability.toString();
    CapabilityKind kind = capability.kind();
    if (kind == CapabilityKind.LEDGER_SPEND) {
      this.glob = null;
      this.port = -1;
      this.address = null;
      this.currency = capability.currency();
      this.perCall = capability.deny() ? 0 : capability.perCall();
      this.perDay = capability.deny() ? 0 : capability.perDay();
      return;
    }
    this.currency = null;
    this.perCall = 0;
    this.perDay = 0;
    if (kind == CapabilityKind.NET_CONNECT) {
      String argument = capability.argument();
      int end = argument.startsWith("[") ? argument.indexOf(']') + 1 : argument.lastIndexOf(':');
      String host = end <= 0 || end >= argument.length() ? argument : argument.substring(0, end);
      String rest = host.length() < argument.length() ? argument.substring(host.length() + 1) : "";
      this.port = rest.isEmpty() ? -1 : Integer.parseInt(rest);
      this.address = NetAddresses.literal(host);
      this.glob = new Glob(host, Glob.NONE);
    } else {
      this.port = -1;
      this.address = null;
      String pattern =
          kind == CapabilityKind.HOST
              ? capability.name().substring("host.".length())
              : capability.argument();
      char separator =
          switch (kind) {
            case FS_READ, FS_WRITE -> '/';
            case MESH_PUBLISH, MESH_SUBSCRIBE -> '.';
            default -> Glob.NONE;
          };
      this.glob = new Glob(pattern, separator);
    }
  }

  /** Whether the request's target (path, topic, skill, function) or currency matches. */
  boolean matches(Request request) {
    return switch (request.kind()) {
      case LEDGER_SPEND -> currency == request.currency();
      case NET_CONNECT -> matchesHost(request.target(), request.port(), false);
      default -> glob.matches(request.target());
    };
  }

  /**
   * Whether this rule covers a host (name or address literal) and port. With {@code explicitOnly} a
   * wildcard never matches: special addresses need a rule that names them.
   */
  boolean matchesHost(String host, int requestPort, boolean explicitOnly) {
    if (port >= 0 && port != requestPort) {
      return false;
    }
    if (address != null) {
      byte[] other = NetAddresses.literal(host);
      return other != null && Arrays.equals(address, other);
    }
    if (explicitOnly && !glob.literal()) {
      return false;
    }
    return glob.matches(host);
  }

  @Override
  public String toString() {
    return text;
  }
}
