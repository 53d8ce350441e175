package sovereign.deploy;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import sovereign.util.AtomicFiles;

/**
 * What the node should run beyond the bundles it came with: {@code deploy/state.json}, one entry
 * per deployed bundle. Written atomically, and only after the health gate passed, so it is the
 * commit point of every transaction (docs/deploy.md, "Transactions"): at boot the deploy bundle
 * makes the framework match it, whatever an interrupted update left behind.
 *
 * @param bundles by symbolic name
 */
record DeployState(int format, Map<String, Deployed> bundles) {

  static final int FORMAT = 1;
  static final DeployState EMPTY = new DeployState(FORMAT, Map.of());

  private static final ObjectMapper JSON =
      new ObjectMapper()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .setSerializationInclusion(JsonInclude.Include.NON_NULL);

  DeployState {
    bundles = bundles == null ? Map.of() : Map.copyOf(bundles);
  }

  /**
   * One version of a bundle.
   *
   * @param file the jar in {@code deploy/history/}; null for the version that came in the node jar
   * @param signer the publisher's alias; null for a builtin version
   */
  record Version(String version, String sha256, String file, String signer) {
    boolean builtin() {
      return file == null;
    }
  }

  /**
   * A deployed bundle: the version to run, where it came from, and the version a rollback returns
   * to (null when there is none, as for a first install).
   */
  record Deployed(Version current, String origin, Version previous) {}

  Optional<Deployed> get(String symbolicName) {
    return Optional.ofNullable(bundles.get(symbolicName));
  }

  DeployState with(String symbolicName, Deployed deployed) {
    Map<String, Deployed> copy = new TreeMap<>(bundles);
    copy.put(symbolicName, deployed);
    return new DeployState(FORMAT, copy);
  }

  DeployState without(String symbolicName) {
    Map<String, Deployed> copy = new TreeMap<>(bundles);
    copy.remove(symbolicName);
    return new DeployState(FORMAT, copy);
  }

  /**
   * Reads the state file; a missing file is the empty state.
   *
   * @throws IllegalStateException naming the file if it is unreadable: the node must not guess what
   *     it should run
   */
  static DeployState read(Path file) throws IOException {
    if (!Files.exists(file)) {
      return EMPTY;
    }
    DeployState state;
    try {
      state = JSON.readValue(file.toFile(), DeployState.class);
    } catch (IOException e) {
      throw new IllegalStateException(
          file + " is not a readable deployment state (" + e.getMessage() + ")", e);
    }
    if (state.format() != FORMAT) {
      throw new IllegalStateException(
          file + " has format " + state.format() + "; this node reads format " + FORMAT);
    }
    return state;
  }

  void write(Path file) throws IOException {
    AtomicFiles.write(file, JSON.writeValueAsBytes(this));
  }

  static ObjectMapper json() {
    return JSON;
  }
}
