package sovereign.identity;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/**
 * Strict reading of the identity's small JSON files: every failure becomes "FILE is corrupt: WHAT",
 * naming the field, never a parser stack trace.
 */
final class JsonFields {

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private final JsonNode node;
  private final String subject;
  private final String prefix;

  private JsonFields(JsonNode node, String subject, String prefix) {
    this.node = node;
    this.subject = subject;
    this.prefix = prefix;
  }

  /**
   * Parses a JSON object.
   *
   * @param subject what the bytes are, for messages, e.g. {@code key file /x/identity.key}
   */
  static JsonFields parse(byte[] bytes, String subject) {
    JsonNode root;
    try {
      root = JSON.readTree(bytes);
    } catch (JsonProcessingException e) {
      // Jackson reports some truncations (e.g. between object entries) as a plain parse error.
      if (e instanceof JsonEOFException
          || String.valueOf(e.getOriginalMessage()).contains("end-of-input")) {
        throw corrupt(subject, "it ends in the middle of its JSON (the file is truncated)");
      }
      throw corrupt(
          subject,
          "it is not valid JSON (line "
              + e.getLocation().getLineNr()
              + ", column "
              + e.getLocation().getColumnNr()
              + ")");
    } catch (IOException e) {
      throw corrupt(subject, "it cannot be parsed: " + IdentityException.describe(e));
    }
    if (root == null || root.isMissingNode()) {
      throw corrupt(subject, "it is empty");
    }
    if (!root.isObject()) {
      throw corrupt(subject, "it is not a JSON object");
    }
    return new JsonFields(root, subject, "");
  }

  /** Checks the {@code format} and {@code version} fields. */
  void requireFormat(String format, int version) {
    String actual = text("format");
    if (!format.equals(actual)) {
      throw corrupt("its format is '" + actual + "', expected '" + format + "'");
    }
    int actualVersion = integer("version");
    if (actualVersion != version) {
      throw corrupt(
          "its version " + actualVersion + " is not supported (this node reads " + version + ")");
    }
  }

  String text(String name) {
    JsonNode value = field(name);
    if (!value.isTextual() || value.asText().isEmpty()) {
      throw corrupt("field '" + prefix + name + "' is not a non-empty string");
    }
    return value.asText();
  }

  int integer(String name) {
    JsonNode value = field(name);
    if (!value.isInt()) {
      throw corrupt("field '" + prefix + name + "' is not an integer");
    }
    return value.intValue();
  }

  /** A base64 string that must decode to exactly {@code length} bytes. */
  byte[] base64(String name, int length) {
    String text = text(name);
    byte[] bytes;
    try {
      bytes = Base64.getDecoder().decode(text);
    } catch (IllegalArgumentException e) {
      throw corrupt("field '" + prefix + name + "' is not base64");
    }
    return requireLength(name, bytes, length);
  }

  /** A lower-case hex string that must decode to exactly {@code length} bytes. */
  byte[] hex(String name, int length) {
    String text = text(name);
    byte[] bytes;
    try {
      bytes = HexFormat.of().parseHex(text);
    } catch (IllegalArgumentException e) {
      throw corrupt("field '" + prefix + name + "' is not hex");
    }
    return requireLength(name, bytes, length);
  }

  JsonFields object(String name) {
    JsonNode value = field(name);
    if (!value.isObject()) {
      throw corrupt("field '" + prefix + name + "' is not an object");
    }
    return new JsonFields(value, subject, prefix + name + ".");
  }

  /** The names of this object's fields, in file order. */
  List<String> names() {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }

  IdentityException corrupt(String what) {
    return corrupt(subject, what);
  }

  private static IdentityException corrupt(String subject, String what) {
    return new IdentityException(subject + " is corrupt: " + what);
  }

  private JsonNode field(String name) {
    JsonNode value = node.get(name);
    if (value == null || value.isNull()) {
      throw corrupt("field '" + prefix + name + "' is missing");
    }
    return value;
  }

  private byte[] requireLength(String name, byte[] bytes, int length) {
    if (bytes.length != length) {
      throw corrupt(
          "field '" + prefix + name + "' holds " + bytes.length + " bytes, expected " + length);
    }
    return bytes;
  }
}
