package sovereign.identity;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import sovereign.api.identity.NodeId;

/**
 * {@code data/fingerprint.json}: the salted hashes of a {@link Fingerprint}, never raw values.
 *
 * <pre>
 * {"format": "sovereign-fingerprint", "version": 1, "nodeId": "12D3KooW…", "created": ISO-8601,
 *  "salt": hex (32 bytes), "components": {"cpu": hex SHA-256, "hostname": …, …}}
 * </pre>
 */
final class FingerprintStore {

  static final String FORMAT = "sovereign-fingerprint";
  static final int VERSION = 1;

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");

  private FingerprintStore() {}

  /** Writes the fingerprint atomically, mode 0600. */
  static void write(Path file, NodeId nodeId, Fingerprint fingerprint, String created)
      throws IOException {
    ObjectNode root = JSON.createObjectNode();
    root.put("format", FORMAT);
    root.put("version", VERSION);
    root.put("nodeId", nodeId.toString());
    root.put("created", created);
    root.put("salt", HexFormat.of().formatHex(fingerprint.salt()));
    ObjectNode components = root.putObject("components");
    fingerprint.hashes().forEach(components::put);
    byte[] json;
    try {
      json = JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write fingerprint JSON", e);
    }
    byte[] content = new byte[json.length + 1];
    System.arraycopy(json, 0, content, 0, json.length);
    content[json.length] = '\n';
    SecureFiles.writeAtomically(file, content);
  }

  /**
   * Reads the fingerprint recorded for {@code nodeId}.
   *
   * @throws IdentityException naming the file if it is missing, unreadable, corrupt or another
   *     node's
   */
  static Fingerprint read(Path file, NodeId nodeId) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new IdentityException("fingerprint file " + file + " is missing");
    } catch (IOException e) {
      throw new IdentityException(
          "cannot read fingerprint file " + file + ": " + IdentityException.describe(e));
    }
    JsonFields fields = JsonFields.parse(bytes, "fingerprint file " + file);
    fields.requireFormat(FORMAT, VERSION);
    String recordedNode = fields.text("nodeId");
    if (!recordedNode.equals(nodeId.toString())) {
      throw fields.corrupt("it belongs to node " + recordedNode + ", not " + nodeId);
    }
    byte[] salt = fields.hex("salt", Fingerprint.SALT_BYTES);
    JsonFields components = fields.object("components");
    Map<String, String> hashes = new TreeMap<>();
    for (String name : components.names()) {
      String hash = components.text(name);
      if (!SHA256_HEX.matcher(hash).matches()) {
        throw fields.corrupt("component '" + name + "' is not a lower-case hex SHA-256");
      }
      hashes.put(name, hash);
    }
    if (hashes.isEmpty()) {
      throw fields.corrupt("it records no components");
    }
    return Fingerprint.restore(salt, hashes);
  }
}
