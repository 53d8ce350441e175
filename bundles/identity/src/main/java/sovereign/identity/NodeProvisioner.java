package sovereign.identity;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;
import sovereign.api.identity.NodeId;
import sovereign.identity.KeyCipher.ScryptParams;

/**
 * Creates a new node: key pairs, key file, fingerprint and layout are written into a hidden staging
 * folder that is renamed to {@code <home>/nodes/<NodeID>} in one step, so a crash never leaves a
 * half-made node.
 */
final class NodeProvisioner {

  /**
   * A node just created.
   *
   * @param home its home
   * @param keys its key pairs, so the first boot does not ask for the passphrase again
   */
  record Created(NodeHomeDirectory home, KeyMaterial keys) {}

  private NodeProvisioner() {}

  /**
   * @param passphrase seals the private keys, or null to store them in clear
   * @param created the creation time written into the key file and fingerprint (ISO-8601)
   */
  static Created create(
      Path home,
      Map<String, String> components,
      char[] passphrase,
      ScryptParams params,
      SecureRandom random,
      String created)
      throws IOException {
    Path nodes = home.resolve(NodeHomeDirectory.NODES);
    Files.createDirectories(nodes);
    KeyMaterial keys = KeyMaterial.generate(random);
    NodeId nodeId = keys.nodeId();
    Path staging =
        Files.createTempDirectory(
            nodes, ".new-", PosixFilePermissions.asFileAttribute(SecureFiles.OWNER_ONLY_DIRECTORY));
    NodeHomeDirectory target = NodeHomeDirectory.under(home, nodeId);
    try {
      NodeHomeDirectory draft = new NodeHomeDirectory(nodeId, staging);
      NodeHomeDirectory.createLayout(staging);
      SecureFiles.writeAtomically(
          draft.keyFile(), KeyFileCodec.encode(keys, created, passphrase, params, random));
      FingerprintStore.write(
          draft.fingerprintFile(), nodeId, Fingerprint.of(components, random), created);
      Files.move(staging, target.root(), StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException | RuntimeException e) {
      deleteRecursively(staging);
      throw e;
    }
    SecureFiles.syncDirectory(nodes);
    return new Created(target, keys);
  }

  private static void deleteRecursively(Path folder) throws IOException {
    if (!Files.exists(folder)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(folder)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }
}
