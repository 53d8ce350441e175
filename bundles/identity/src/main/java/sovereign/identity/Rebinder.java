package sovereign.identity;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Re-binds a node to this machine after a legitimate hardware change: records the rebind in {@code
 * data/rebind.log} (one JSON object a line), then rewrites {@code data/fingerprint.json} with a new
 * salt.
 */
final class Rebinder {

  /**
   * What a rebind would change.
   *
   * @param changed names of the recorded components that differ now (all current ones if the
   *     recorded fingerprint is unreadable)
   * @param unreadable why the recorded fingerprint could not be read, if it could not
   */
  record Plan(List<String> changed, Optional<String> unreadable) {

    boolean needed() {
      return !changed.isEmpty();
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  private Rebinder() {}

  /** Compares the node's recorded fingerprint with this machine's components. */
  static Plan plan(NodeHomeDirectory home, Map<String, String> components) {
    try {
      Fingerprint recorded = FingerprintStore.read(home.fingerprintFile(), home.nodeId());
      return new Plan(recorded.changedComponents(components), Optional.empty());
    } catch (IdentityException e) {
      return new Plan(List.copyOf(components.keySet()), Optional.of(e.getMessage()));
    }
  }

  /**
   * Records the rebind, then binds the node to {@code components} with a fresh salt.
   *
   * @param changed the component names to record
   */
  static void rebind(
      NodeHomeDirectory home,
      Map<String, String> components,
      List<String> changed,
      SecureRandom random,
      Clock clock)
      throws IOException {
    String time = clock.instant().truncatedTo(ChronoUnit.SECONDS).toString();
    ObjectNode entry = JSON.createObjectNode();
    entry.put("time", time);
    entry.put("nodeId", home.nodeId().toString());
    changed.forEach(entry.putArray("changed")::add);
    String line;
    try {
      line = JSON.writeValueAsString(entry);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write rebind.log JSON", e);
    }
    SecureFiles.appendLine(home.rebindLog(), line);
    FingerprintStore.write(
        home.fingerprintFile(), home.nodeId(), Fingerprint.of(components, random), time);
  }
}
