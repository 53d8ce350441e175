package sovereign.identity;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import sovereign.api.identity.NodeId;

/**
 * Chooses the node to boot among {@code <home>/nodes/*}: the one named by {@code --node}, else the
 * one whose fingerprint matches this machine, else the only one (so its mismatch is reported).
 * Empty when there is no node yet and a new one should be created.
 */
final class NodeSelector {

  private NodeSelector() {}

  /**
   * @param home the home holding {@code nodes/}
   * @param requested the {@code --node} option, if given
   * @param components this machine's fingerprint components
   * @return the chosen node, or empty to create a new one
   * @throws IdentityException if {@code --node} names no node, or no single node can be chosen
   */
  static Optional<NodeId> select(
      Path home, Optional<String> requested, Map<String, String> components) throws IOException {
    List<NodeId> nodes = existingNodes(home);
    Path nodesFolder = home.resolve(NodeHomeDirectory.NODES);
    if (requested.isPresent()) {
      return Optional.of(requested(requested.get(), nodes, nodesFolder));
    }
    if (nodes.isEmpty()) {
      return Optional.empty();
    }
    List<NodeId> matching = new ArrayList<>();
    for (NodeId node : nodes) {
      if (matches(NodeHomeDirectory.under(home, node), components)) {
        matching.add(node);
      }
    }
    if (matching.size() == 1) {
      return Optional.of(matching.get(0));
    }
    if (matching.size() > 1) {
      throw new IdentityException(
          matching.size()
              + " nodes under "
              + nodesFolder
              + " match this machine: "
              + join(matching)
              + ". Choose one with --node <NodeID>");
    }
    if (nodes.size() == 1) {
      return Optional.of(nodes.get(0));
    }
    throw new IdentityException(
        "none of the "
            + nodes.size()
            + " nodes under "
            + nodesFolder
            + " matches this machine's hardware fingerprint: "
            + join(nodes)
            + ". Choose one with --node <NodeID>; if this machine legitimately changed, then run"
            + " identity:rebind on the console");
  }

  /** The NodeIDs of the folders under {@code <home>/nodes}, sorted; other entries are ignored. */
  static List<NodeId> existingNodes(Path home) throws IOException {
    Path nodesFolder = home.resolve(NodeHomeDirectory.NODES);
    List<NodeId> nodes = new ArrayList<>();
    if (!Files.isDirectory(nodesFolder)) {
      return nodes;
    }
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(nodesFolder)) {
      for (Path entry : entries) {
        String name = entry.getFileName().toString();
        if (Files.isDirectory(entry) && !name.startsWith(".")) {
          try {
            nodes.add(NodeId.parse(name));
          } catch (IllegalArgumentException e) {
            // Not a node folder; node folders are named by a valid NodeID.
          }
        }
      }
    }
    nodes.sort(null);
    return nodes;
  }

  private static NodeId requested(String text, List<NodeId> nodes, Path nodesFolder) {
    String existing =
        nodes.isEmpty()
            ? "there are no nodes yet (omit --node to create one)"
            : "existing nodes: " + join(nodes);
    NodeId id;
    try {
      id = NodeId.parse(text);
    } catch (IllegalArgumentException e) {
      throw new IdentityException("--node " + e.getMessage() + "; " + existing);
    }
    if (!nodes.contains(id)) {
      throw new IdentityException(
          "--node '" + text + "' is not a node under " + nodesFolder + "; " + existing);
    }
    return id;
  }

  private static boolean matches(NodeHomeDirectory node, Map<String, String> components) {
    try {
      return FingerprintStore.read(node.fingerprintFile(), node.nodeId())
          .changedComponents(components)
          .isEmpty();
    } catch (IdentityException e) {
      return false; // an unreadable fingerprint matches nothing; it is reported if chosen
    }
  }

  private static String join(List<NodeId> nodes) {
    return nodes.stream().map(NodeId::toString).collect(Collectors.joining(", "));
  }
}
