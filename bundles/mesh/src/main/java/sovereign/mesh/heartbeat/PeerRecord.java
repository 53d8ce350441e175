package sovereign.mesh.heartbeat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Objects;
import sovereign.api.identity.NodeId;

/**
 * A node's peer record: where it can be dialled. It is the payload of a gossip message on {@value
 * Heartbeats#PEERS_TOPIC}, which the node publishes about itself; the router signs every message
 * with its origin's key and checks that signature on receipt, so the record is signed by the node
 * it describes, and a record whose NodeID is not the message's origin is rejected.
 *
 * <p>Format version 1, big-endian, with no padding and nothing after the last field:
 *
 * <pre>
 * u8       format version, 1
 * 32 bytes NodeID: the Ed25519 public key it encodes; must be the gossip message's origin
 * i64      sequence number, positive: strictly increasing per node, across restarts too (each
 *          record takes the wall time in ms, or the previous sequence number + 1); the record
 *          with the highest sequence number replaces the others
 * i64      expiry, Unix epoch ms: the record is dropped after it (published records expire
 *          10 peer-exchange intervals after they are made, 5 minutes by default)
 * u8       n, the number of addresses, 1 to 8
 * n times  u8 address family, 4 or 6; then the IP address, 4 or 16 bytes; then u16 the TCP
 *          port, 1 to 65535
 * </pre>
 *
 * A node advertises the addresses configured in {@code advertise}; else the address the mesh
 * listens on, or, when that is a wildcard (0.0.0.0 or ::), the addresses of its network interfaces
 * that are up (not loopback, not link-local; loopback only if there is nothing else), with the
 * listening port.
 *
 * @param node the node
 * @param sequence its sequence number
 * @param expiresMillis when the record expires, Unix epoch ms
 * @param addresses where it listens, 1 to 8 IP addresses with ports
 */
public record PeerRecord(
    NodeId node, long sequence, long expiresMillis, List<InetSocketAddress> addresses) {

  /** The format version this class writes and reads. */
  public static final int FORMAT = 1;

  /** The most addresses a record holds. */
  public static final int MAX_ADDRESSES = 8;

  public PeerRecord {
    Objects.requireNonNull(node, "node");
    addresses = List.copyOf(addresses);
    if (sequence <= 0) {
      throw new IllegalArgumentException("the sequence number must be positive: " + sequence);
    }
    if (addresses.isEmpty() || addresses.size() > MAX_ADDRESSES) {
      throw new IllegalArgumentException(
          "a peer record holds 1 to " + MAX_ADDRESSES + " addresses, not " + addresses.size());
    }
    for (InetSocketAddress a : addresses) {
      if (a.isUnresolved() || a.getPort() == 0) {
        throw new IllegalArgumentException("not an IP address with a port: " + a);
      }
    }
  }

  /** The payload: see the class comment. */
  public byte[] encode() {
    Wire.Writer w =
        new Wire.Writer().header(FORMAT, node, sequence).i64(expiresMillis).u8(addresses.size());
    for (InetSocketAddress a : addresses) {
      byte[] ip = a.getAddress().getAddress();
      w.u8(ip.length == 4 ? 4 : 6).bytes(ip).u16(a.getPort());
    }
    return w.toBytes();
  }

  /**
   * Reads a payload.
   *
   * @throws IllegalArgumentException if it is malformed, saying where
   */
  public static PeerRecord decode(byte[] payload) {
    Wire.Reader r = new Wire.Reader(payload, "peer record");
    Wire.Header header = r.header(FORMAT);
    NodeId node = header.node();
    long sequence = header.sequence();
    long expires = r.i64();
    int n = r.u8();
    if (n == 0 || n > MAX_ADDRESSES) {
      throw r.malformed(n + " addresses, expected 1 to " + MAX_ADDRESSES);
    }
    InetSocketAddress[] addresses = new InetSocketAddress[n];
    for (int i = 0; i < n; i++) {
      int family = r.u8();
      byte[] ip =
          switch (family) {
            case 4 -> r.bytes(4);
            case 6 -> r.bytes(16);
            default -> throw r.malformed("address family " + family + ", expected 4 or 6");
          };
      int port = r.u16();
      if (port == 0) {
        throw r.malformed("port 0");
      }
      InetAddress address;
      try {
        address = InetAddress.getByAddress(ip);
      } catch (UnknownHostException e) {
        throw r.malformed("a bad IP address");
      }
      if (family == 6 && address.getAddress().length == 4) {
        // An IPv4-mapped IPv6 address: Java folds it to IPv4, which would encode differently.
        throw r.malformed("an IPv4-mapped IPv6 address; write it as family 4");
      }
      addresses[i] = new InetSocketAddress(address, port);
    }
    r.end();
    return new PeerRecord(node, sequence, expires, List.of(addresses));
  }
}
