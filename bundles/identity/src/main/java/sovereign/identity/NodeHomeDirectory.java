package sovereign.identity;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import sovereign.api.identity.NodeHome;
import sovereign.api.identity.NodeId;

/**
 * {@code <home>/nodes/<NodeID>/} and its layout: {@code data/ memory/ sandbox/ economy/ logs/
 * deploy/}. {@code data/} is created 0700: it holds the key.
 *
 * @param nodeId the node
 * @param root {@code <home>/nodes/<NodeID>}
 */
record NodeHomeDirectory(NodeId nodeId, Path root) implements NodeHome {

  static final String NODES = "nodes";
  static final List<String> LAYOUT =
      List.of("data", "memory", "sandbox", "economy", "logs", "deploy");

  /** The home of {@code nodeId} under {@code home}. */
  static NodeHomeDirectory under(Path home, NodeId nodeId) {
    return new NodeHomeDirectory(nodeId, home.resolve(NODES).resolve(nodeId.toString()));
  }

  /** {@code data/identity.key}. */
  Path keyFile() {
    return data().resolve("identity.key");
  }

  /** {@code data/fingerprint.json}. */
  Path fingerprintFile() {
    return data().resolve("fingerprint.json");
  }

  /** {@code data/rebind.log}. */
  Path rebindLog() {
    return data().resolve("rebind.log");
  }

  /** Creates whichever layout folders are missing under {@code root}. */
  static void createLayout(Path root) throws IOException {
    for (String name : LAYOUT) {
      Path folder = root.resolve(name);
      if (name.equals("data")) {
        Files.createDirectories(
            folder, PosixFilePermissions.asFileAttribute(SecureFiles.OWNER_ONLY_DIRECTORY));
      } else {
        Files.createDirectories(folder);
      }
    }
  }
}
