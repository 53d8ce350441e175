package sovereign.mesh.discovery;

import java.net.InetSocketAddress;
import java.util.Optional;
import sovereign.api.identity.NodeId;

/**
 * A rendezvous point to dial: {@code host:port}, or {@code NodeID@host:port} to insist on that
 * node; IPv6 in brackets, {@code [::1]:4001}. The same text form as the mesh's {@code bootstrap}.
 *
 * @param node the node expected there, if named
 * @param host the host name or IP address
 * @param port the mesh port
 */
record DiscoveryTarget(Optional<NodeId> node, String host, int port) {

  private static final String HINT =
      "use host:port or NodeID@host:port, like 10.0.0.5:4001 or 12D3KooW…@10.0.0.5:4001";

  /** Parses the text form; an {@link IllegalArgumentException} quotes it and says what works. */
  static DiscoveryTarget parse(String text) {
    String s = text == null ? "" : text.strip();
    Optional<NodeId> node = Optional.empty();
    int at = s.indexOf('@');
    if (at >= 0) {
      try {
        node = Optional.of(NodeId.parse(s.substring(0, at)));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "'" + text + "' is not a rendezvous point: " + e.getMessage() + "; " + HINT);
      }
      s = s.substring(at + 1);
    }
    int colon = s.lastIndexOf(':');
    if (colon <= 0 || colon == s.length() - 1) {
      throw new IllegalArgumentException("'" + text + "' is not a rendezvous point: " + HINT);
    }
    String host = s.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    } else if (host.contains(":")) {
      throw new IllegalArgumentException(
          "'" + text + "' is not a rendezvous point: write an IPv6 address in brackets");
    }
    int port;
    try {
      port = Integer.parseInt(s.substring(colon + 1));
    } catch (NumberFormatException e) {
      port = -1;
    }
    if (port < 1 || port > 65535 || host.isEmpty()) {
      throw new IllegalArgumentException(
          "'" + text + "' is not a rendezvous point: the port must be 1 to 65535; " + HINT);
    }
    return new DiscoveryTarget(node, host, port);
  }

  /** The address, resolved now (a host name may move). */
  InetSocketAddress resolve() {
    InetSocketAddress a = new InetSocketAddress(host, port);
    if (a.isUnresolved()) {
      throw new IllegalArgumentException("cannot resolve " + host);
    }
    return a;
  }

  @Override
  public String toString() {
    String where = (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    return node.map(n -> n + "@" + where).orElse(where);
  }
}
