package sovereign.api.mesh;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;

/**
 * The state of the mesh on this node.
 *
 * @param listening the address the mesh listens on; empty when the node runs alone
 * @param swarmKey the swarm key's fingerprint (16 hexadecimal digits, which tell keys apart and
 *     reveal nothing of them), or {@link #ALONE}
 * @param peers how many nodes are connected
 * @param topics the topics this node subscribes to, sorted
 */
public record MeshStatus(
    Optional<InetSocketAddress> listening, String swarmKey, int peers, List<String> topics) {

  /** {@link #swarmKey()} of a node without a swarm key. */
  public static final String ALONE = "none: running alone";

  public MeshStatus {
    topics = List.copyOf(topics);
  }

  /** Whether the node is part of a swarm (it has a key and listens). */
  public boolean running() {
    return listening.isPresent();
  }
}
