package sovereign.deploy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The trust store's index, {@code trust.json}: {@code {"publishers": {"<alias>": "skills"|"core"},
 * "revoked": ["<sha-256 hex>", ...]}}. A certificate file without an entry here is not trusted.
 */
record TrustIndex(Map<String, Scope> scopes, Set<String> revoked) {

  static final String NAME = "trust.json";
  static final TrustIndex EMPTY = new TrustIndex(Map.of(), Set.of());

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  TrustIndex {
    scopes = Map.copyOf(scopes);
    revoked = Set.copyOf(revoked);
  }

  TrustIndex withScope(String alias, Scope scope) {
    Map<String, Scope> next = new TreeMap<>(scopes);
    next.put(alias, scope);
    return new TrustIndex(next, revoked);
  }

  TrustIndex without(String alias) {
    Map<String, Scope> next = new TreeMap<>(scopes);
    next.remove(alias);
    return new TrustIndex(next, revoked);
  }

  TrustIndex withRevoked(String fingerprint) {
    Set<String> next = new TreeSet<>(revoked);
    next.add(fingerprint);
    return new TrustIndex(scopes, next);
  }

  /**
   * Reads an index's text.
   *
   * @throws IllegalArgumentException naming the first problem
   */
  static TrustIndex parse(String text) {
    JsonNode root;
    try {
      root = JSON.readTree(text);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(NAME + " is not JSON: " + e.getOriginalMessage());
    }
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException(NAME + " is not a JSON object");
    }
    for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!name.equals("publishers") && !name.equals("revoked")) {
        throw new IllegalArgumentException(
            NAME + ": unknown key '" + name + "'; it has only \"publishers\" and \"revoked\"");
      }
    }
    Map<String, Scope> scopes = new TreeMap<>();
    JsonNode publishers = root.path("publishers");
    if (!publishers.isMissingNode()) {
      if (!publishers.isObject()) {
        throw new IllegalArgumentException(NAME + ": \"publishers\" is not an object");
      }
      for (Iterator<Map.Entry<String, JsonNode>> it = publishers.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> entry = it.next();
        Aliases.check(entry.getKey());
        if (!entry.getValue().isTextual()) {
          throw new IllegalArgumentException(
              NAME + ": the scope of '" + entry.getKey() + "' is not \"skills\" or \"core\"");
        }
        scopes.put(entry.getKey(), Scope.parse(entry.getValue().asText()));
      }
    }
    Set<String> revoked = new TreeSet<>();
    JsonNode list = root.path("revoked");
    if (!list.isMissingNode()) {
      if (!list.isArray()) {
        throw new IllegalArgumentException(NAME + ": \"revoked\" is not an array");
      }
      for (JsonNode item : list) {
        if (!item.isTextual()) {
          throw new IllegalArgumentException(NAME + ": \"revoked\" holds a non-string " + item);
        }
        revoked.add(Fingerprints.normalize(item.asText()));
      }
    }
    return new TrustIndex(scopes, revoked);
  }

  byte[] format() {
    ObjectNode root = JSON.createObjectNode();
    ObjectNode publishers = root.putObject("publishers");
    new TreeMap<>(scopes).forEach((alias, scope) -> publishers.put(alias, scope.label()));
    new TreeSet<>(revoked).forEach(root.putArray("revoked")::add);
    try {
      return (JSON.writeValueAsString(root) + "\n").getBytes(StandardCharsets.UTF_8);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
