package sovereign.identity;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A node's hardware fingerprint as persisted: a random salt and, per component, hex SHA-256(salt ||
 * name || 0x00 || value). The raw values are never kept.
 */
final class Fingerprint {

  static final int SALT_BYTES = 32;
  static final String MACHINE_ID_DOMAIN = "sovereign/machine-id/v1";

  private final byte[] salt;
  private final SortedMap<String, String> hashes;

  private Fingerprint(byte[] salt, SortedMap<String, String> hashes) {
    this.salt = salt.clone();
    this.hashes = Collections.unmodifiableSortedMap(new TreeMap<>(hashes));
  }

  /** Hashes the components with a fresh random salt. */
  static Fingerprint of(Map<String, String> components, SecureRandom random) {
    byte[] salt = new byte[SALT_BYTES];
    random.nextBytes(salt);
    SortedMap<String, String> hashes = new TreeMap<>();
    components.forEach((name, value) -> hashes.put(name, hash(salt, name, value)));
    return new Fingerprint(salt, hashes);
  }

  /** A persisted fingerprint. */
  static Fingerprint restore(byte[] salt, Map<String, String> hashes) {
    return new Fingerprint(salt, new TreeMap<>(hashes));
  }

  byte[] salt() {
    return salt.clone();
  }

  /** Component name to hex hash, sorted by name. */
  SortedMap<String, String> hashes() {
    return hashes;
  }

  /**
   * The recorded components whose current value differs or is gone, sorted by name. Components
   * reported now but not recorded are not compared, so adding a component later does not halt
   * existing nodes.
   */
  List<String> changedComponents(Map<String, String> current) {
    List<String> changed = new ArrayList<>();
    for (String name : hashes.keySet()) {
      String value = current.get(name);
      if (value == null || !matches(name, value)) {
        changed.add(name);
      }
    }
    return changed;
  }

  /** Whether {@code value} is the value recorded for component {@code name}. */
  boolean matches(String name, String value) {
    String recorded = hashes.get(name);
    return recorded != null
        && MessageDigest.isEqual(
            recorded.getBytes(StandardCharsets.US_ASCII),
            hash(salt, name, value).getBytes(StandardCharsets.US_ASCII));
  }

  /** hex SHA-256(salt || UTF-8 name || 0x00 || UTF-8 value). */
  static String hash(byte[] salt, String name, String value) {
    MessageDigest sha256 = sha256();
    sha256.update(salt);
    sha256.update(name.getBytes(StandardCharsets.UTF_8));
    sha256.update((byte) 0);
    sha256.update(value.getBytes(StandardCharsets.UTF_8));
    return HexFormat.of().formatHex(sha256.digest());
  }

  /**
   * hex SHA-256("sovereign/machine-id/v1" || for each component sorted by name: name '=' value
   * '\n'), UTF-8; unsalted, so every node on this machine has the same machine id.
   */
  static String machineId(Map<String, String> components) {
    StringBuilder material = new StringBuilder(MACHINE_ID_DOMAIN);
    new TreeMap<>(components)
        .forEach((name, value) -> material.append(name).append('=').append(value).append('\n'));
    return HexFormat.of()
        .formatHex(sha256().digest(material.toString().getBytes(StandardCharsets.UTF_8)));
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }
}
