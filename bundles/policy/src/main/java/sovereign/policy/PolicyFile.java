package sovereign.policy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import sovereign.api.policy.Capability;

/**
 * The operator's policy file, {@code <node>/data/policy.json}: {@code {"grants": {"<subject>":
 * ["<capability>", ...], ...}}} (docs/policy.md).
 */
final class PolicyFile {

  static final String NAME = "policy.json";
  private static final ObjectMapper JSON = new ObjectMapper();

  private PolicyFile() {}

  /**
   * Reads a policy file's text.
   *
   * @throws IllegalArgumentException naming the first problem: not JSON, an unknown key, a subject
   *     name, or a capability that cannot be read (with its place, e.g. grants.echo[2])
   */
  static Map<String, List<Capability>> parse(String text) {
    JsonNode root;
    try {
      root = JSON.readTree(text);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          "it is not JSON (line "
              + e.getLocation().getLineNr()
              + ", column "
              + e.getLocation().getColumnNr()
              + "): "
              + e.getOriginalMessage());
    }
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException(
          "it is not a JSON object like {\"grants\": {\"echo\": [\"fs.read:**\"]}}");
    }
    for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!name.equals("grants")) {
        throw new IllegalArgumentException(
            "unknown key '" + name + "'; a policy file has only \"grants\"");
      }
    }
    JsonNode grants = root.path("grants");
    if (grants.isMissingNode()) {
      return Map.of();
    }
    if (!grants.isObject()) {
      throw new IllegalArgumentException(
          "\"grants\" is not an object of subject names to lists of capabilities");
    }
    Map<String, List<Capability>> out = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = grants.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> subject = it.next();
      String where = "grants." + subject.getKey();
      Subjects.check(subject.getKey());
      if (!subject.getValue().isArray()) {
        throw new IllegalArgumentException(where + " is not a list of capabilities");
      }
      List<Capability> capabilities = new ArrayList<>();
      int i = 0;
      for (JsonNode item : subject.getValue()) {
        if (!item.isTextual()) {
          throw new IllegalArgumentException(where + "[" + i + "] is not a string");
        }
        try {
          Capability c = Capability.parse(item.asText());
          if (!capabilities.contains(c)) {
            capabilities.add(c);
          }
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException(where + "[" + i + "]: " + e.getMessage());
        }
        i++;
      }
      out.put(subject.getKey(), capabilities);
    }
    Rules.of(out); // the rules across capabilities, e.g. one ledger.spend grant per currency
    return out;
  }

  /** The file's text: subjects sorted, capabilities in their order. */
  static byte[] format(Map<String, List<Capability>> grants) throws JsonProcessingException {
    ObjectNode root = JSON.createObjectNode();
    ObjectNode g = root.putObject("grants");
    new TreeMap<>(grants)
        .forEach(
            (subject, capabilities) -> {
              ArrayNode list = g.putArray(subject);
              capabilities.forEach(c -> list.add(c.toString()));
            });
    return (JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n")
        .getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }
}
