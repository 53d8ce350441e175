package sovereign.mesh;

import java.net.InetSocketAddress;
import java.util.Optional;
import sovereign.api.identity.NodeId;

/**
 * A node to dial: {@code host:port}, or {@code NodeID@host:port} to insist on that node. IPv6
 * addresses are written in brackets, {@code [::1]:4001}. Bootstrap peers, {@code mesh:connect} and
 * rendezvous points all use this form.
 *
 * @param node the node expected there, if named
 * @param address where it listens (not resolved yet for a host name)
 */
public record Target(Optional<NodeId> node, InetSocketAddress address) {

  private static final String HINT =
      "use host:port or NodeID@host:port, like 10.0.0.5:4001 or 12D3KooW…@10.0.0.5:4001";

  /** Parses the text form; an {@link IllegalArgumentException} quotes it and says what works. */
  public static Target parse(String text) {
    return parse(text, "an address");
  }

  /**
   * Parses the text form of {@code what} (such as "a rendezvous point"), the words the error
   * message uses for it.
   */
  public static Target parse(String text, String what) {
    String s = text == null ? "" : text.strip();
    Optional<NodeId> node = Optional.empty();
    int at = s.indexOf('@');
    if (at >= 0) {
      try {
        node = Optional.of(NodeId.parse(s.substring(0, at)));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "'" + text + "' is not " + what + ": " + e.getMessage() + "; " + HINT);
      }
      s = s.substring(at + 1);
    }
    int colon = s.lastIndexOf(':');
    if (colon <= 0 || colon == s.length() - 1) {
      throw new IllegalArgumentException("'" + text + "' is not " + what + ": " + HINT);
    }
    String host = s.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    } else if (host.contains(":")) {
      throw new IllegalArgumentException(
          "'" + text + "' is not " + what + ": write an IPv6 address in brackets, like [::1]:4001");
    }
    int port;
    try {
      port = Integer.parseInt(s.substring(colon + 1));
    } catch (NumberFormatException e) {
      port = -1;
    }
    if (port < 1 || port > 65535 || host.isEmpty()) {
      throw new IllegalArgumentException(
          "'" + text + "' is not " + what + ": the port must be 1 to 65535; " + HINT);
    }
    return new Target(node, InetSocketAddress.createUnresolved(host, port));
  }

  /**
   * The address, resolved now (a host name may move).
   *
   * @throws IllegalArgumentException if the host name does not resolve
   */
  public InetSocketAddress resolve() {
    InetSocketAddress a = new InetSocketAddress(address.getHostString(), address.getPort());
    if (a.isUnresolved()) {
      throw new IllegalArgumentException("cannot resolve " + address.getHostString());
    }
    return a;
  }

  @Override
  public String toString() {
    String host = address.getHostString();
    String where = (host.contains(":") ? "[" + host + "]" : host) + ":" + address.getPort();
    return node.map(n -> n + "@" + where).orElse(where);
  }
}
