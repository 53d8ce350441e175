package sovereign.mesh.heartbeat;

import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import sovereign.api.identity.NodeId;

/**
 * One heartbeat, the payload published on {@value Heartbeats#TOPIC}. Format version 1, big-endian,
 * with no padding and nothing after the last field:
 *
 * <pre>
 * u8       format version, 1
 * 32 bytes NodeID: the Ed25519 public key it encodes; must be the gossip message's origin
 * i64      sequence number, positive: strictly increasing per node, across restarts too (each
 *          beat takes the wall time in ms, or the previous sequence number + 1 if that is not more)
 * i64      wall time of the beat, Unix epoch ms
 * i64      uptime of the node, ms (not negative)
 * str      node version (the version of bundle sovereign.node, else of sovereign.mesh)
 * u8       n, the number of bundles that follow (0 to 255)
 * n times  str symbolic name, str version: the node's bundles named sovereign.*, by name in
 *          strictly ascending order (String.compareTo), so the encoding is deterministic
 * u8       ledger head present: 0 no (no ledger, or an empty chain), 1 yes, and then:
 *   i64      sequence of the last entry (not negative) of this node's own chain
 *   32 bytes its SHA-256 hash
 * </pre>
 *
 * where {@code str} is one length byte (0 to 255) followed by that many bytes of well-formed UTF-8.
 * Anything else (another version, a truncated or longer payload, bundles out of order) is
 * malformed.
 *
 * @param node the node that beats
 * @param sequence its sequence number
 * @param wallMillis when it beat, Unix epoch ms, by its clock
 * @param uptimeMillis how long it has been running
 * @param nodeVersion its version
 * @param bundles its sovereign.* bundles and their versions, sorted by name
 * @param head the head of its own ledger chain, if it has one
 */
public record Beat(
    NodeId node,
    long sequence,
    long wallMillis,
    long uptimeMillis,
    String nodeVersion,
    SortedMap<String, String> bundles,
    Optional<LedgerHead> head) {

  /** The format version this class writes and reads. */
  public static final int FORMAT = 1;

  /** The bundles whose versions a beat carries: those whose symbolic name starts so. */
  public static final String BUNDLE_PREFIX = "sovereign.";

  /**
   * The head of a ledger chain.
   *
   * @param sequence the sequence of its last entry
   * @param hash that entry's hash, 64 lower-case hexadecimal digits
   */
  public record LedgerHead(long sequence, String hash) {
    public LedgerHead {
      Objects.requireNonNull(hash, "hash");
      if (HexFormat.of().parseHex(hash).length != 32) {
        throw new IllegalArgumentException("a ledger hash has 64 hex digits: " + hash);
      }
      hash = hash.toLowerCase(java.util.Locale.ROOT);
    }
  }

  public Beat {
    Objects.requireNonNull(node, "node");
    Objects.requireNonNull(nodeVersion, "nodeVersion");
    Objects.requireNonNull(head, "head");
    if (uptimeMillis < 0) {
      throw new IllegalArgumentException("uptime must not be negative: " + uptimeMillis);
    }
    bundles = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(bundles));
    if (bundles.size() > 255) {
      throw new IllegalArgumentException("a beat names at most 255 bundles: " + bundles.size());
    }
    for (String name : bundles.keySet()) {
      if (!name.startsWith(BUNDLE_PREFIX)) {
        throw new IllegalArgumentException("not a sovereign.* bundle: " + name);
      }
    }
  }

  /** The payload: see the class comment. */
  public byte[] encode() {
    Wire.Writer w =
        new Wire.Writer()
            .header(FORMAT, node, sequence)
            .i64(wallMillis)
            .i64(uptimeMillis)
            .string(nodeVersion)
            .u8(bundles.size());
    for (Map.Entry<String, String> b : bundles.entrySet()) {
      w.string(b.getKey()).string(b.getValue());
    }
    if (head.isPresent()) {
      w.u8(1).i64(head.get().sequence()).bytes(HexFormat.of().parseHex(head.get().hash()));
    } else {
      w.u8(0);
    }
    return w.toBytes();
  }

  /**
   * Reads a payload.
   *
   * @throws IllegalArgumentException if it is malformed, saying where
   */
  public static Beat decode(byte[] payload) {
    Wire.Reader r = new Wire.Reader(payload, "heartbeat");
    Wire.Header header = r.header(FORMAT);
    NodeId node = header.node();
    long sequence = header.sequence();
    long wall = r.i64();
    long uptime = r.i64();
    if (uptime < 0) {
      throw r.malformed("negative uptime");
    }
    String version = r.string();
    int n = r.u8();
    TreeMap<String, String> bundles = new TreeMap<>();
    String previous = null;
    for (int i = 0; i < n; i++) {
      String name = r.string();
      if (!name.startsWith(BUNDLE_PREFIX)) {
        throw r.malformed("bundle '" + name + "' is not a sovereign.* bundle");
      }
      if (previous != null && previous.compareTo(name) >= 0) {
        throw r.malformed("bundles are not in strictly ascending order at '" + name + "'");
      }
      bundles.put(name, r.string());
      previous = name;
    }
    Optional<LedgerHead> head =
        switch (r.u8()) {
          case 0 -> Optional.empty();
          case 1 -> {
            long at = r.i64();
            if (at < 0) {
              throw r.malformed("negative ledger head sequence");
            }
            yield Optional.of(new LedgerHead(at, HexFormat.of().formatHex(r.bytes(32))));
          }
          default -> throw r.malformed("the ledger head flag is neither 0 nor 1");
        };
    r.end();
    return new Beat(node, sequence, wall, uptime, version, bundles, head);
  }
}
