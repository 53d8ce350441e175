package sovereign.mesh;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import sovereign.api.identity.NodeId;
import sovereign.util.AtomicFiles;

/**
 * The banned nodes and until when, kept in {@code <node>/data/mesh-bans.json} so a ban outlives a
 * restart. The file is rewritten atomically on every change and holds only unexpired bans:
 *
 * <pre>
 * {"bans": [{"node": "12D3KooW…", "until": "2026-01-01T10:00:00Z", "reason": "mesh:ban"}]}
 * </pre>
 *
 * <p>Thread-safe: admission asks from the network threads, the router and the shell change it.
 */
final class BanList {

  /** One ban. */
  record Ban(NodeId node, Instant until, String reason) {}

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path file;
  private final Clock clock;
  private final Map<NodeId, Ban> bans = new ConcurrentHashMap<>();

  private BanList(Path file, Clock clock) {
    this.file = file;
    this.clock = clock;
  }

  /**
   * Reads the file if there is one. An unreadable file is reported to {@code warn} and the list
   * starts empty; the file is replaced at the next change.
   */
  static BanList load(Path file, Clock clock, Consumer<String> warn) {
    BanList list = new BanList(file, clock);
    if (!Files.exists(file)) {
      return list;
    }
    try {
      JsonNode root = JSON.readTree(file.toFile());
      for (JsonNode entry : root.path("bans")) {
        Ban ban =
            new Ban(
                NodeId.parse(entry.path("node").asText()),
                Instant.parse(entry.path("until").asText()),
                entry.path("reason").asText(""));
        if (ban.until().isAfter(clock.instant())) {
          list.bans.put(ban.node(), ban);
        }
      }
    } catch (IOException | RuntimeException e) {
      warn.accept(file + " cannot be read (" + e.getMessage() + "): starting with no bans");
    }
    return list;
  }

  /** The ban on {@code node}, if one is in force now. */
  Optional<Ban> get(NodeId node) {
    Ban ban = bans.get(node);
    if (ban == null) {
      return Optional.empty();
    }
    if (!ban.until().isAfter(clock.instant())) {
      bans.remove(node, ban);
      return Optional.empty();
    }
    return Optional.of(ban);
  }

  boolean isBanned(NodeId node) {
    return get(node).isPresent();
  }

  /** Bans {@code node} for {@code duration} (replacing an earlier ban) and saves the file. */
  synchronized Ban ban(NodeId node, Duration duration, String reason) {
    Ban ban = new Ban(node, clock.instant().plus(duration), reason);
    bans.put(node, ban);
    save();
    return ban;
  }

  /** Lifts the ban on {@code node}; false if there was none in force. */
  synchronized boolean unban(NodeId node) {
    boolean was = isBanned(node);
    bans.remove(node);
    save();
    return was;
  }

  /** The bans in force, soonest to expire first. */
  List<Ban> list() {
    List<Ban> out = new ArrayList<>();
    for (NodeId node : List.copyOf(bans.keySet())) {
      get(node).ifPresent(out::add);
    }
    out.sort(Comparator.comparing(Ban::until));
    return out;
  }

  private void save() {
    ObjectNode root = JSON.createObjectNode();
    ArrayNode array = root.putArray("bans");
    for (Ban ban : list()) {
      array
          .addObject()
          .put("node", ban.node().toString())
          .put("until", ban.until().toString())
          .put("reason", ban.reason());
    }
    try {
      AtomicFiles.write(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot save the ban list " + file + ": " + e.getMessage(), e);
    }
  }
}
