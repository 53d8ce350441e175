package sovereign.mesh.bench;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import sovereign.api.identity.NodeId;
import sovereign.api.mesh.PeerInfo;

/**
 * What the nodes report at one moment: each node's connections, its topic mesh peers, and the TLS
 * handshake time of each connection as that node measured it.
 */
record Graph(List<Set<Integer>> connections, List<Set<Integer>> mesh, List<Long> handshakes) {

  static Graph snapshot(List<BenchNode> nodes, Map<NodeId, Integer> index, String topic) {
    List<Set<Integer>> connections = new ArrayList<>();
    List<Set<Integer>> mesh = new ArrayList<>();
    List<Long> handshakes = new ArrayList<>();
    for (BenchNode node : nodes) {
      Set<Integer> c = new HashSet<>();
      for (PeerInfo p : node.peers()) {
        c.add(index.get(p.nodeId()));
        handshakes.add(p.handshakeRttMillis());
      }
      connections.add(c);
      Set<Integer> m = new HashSet<>();
      for (NodeId peer : node.topic(topic).mesh()) {
        m.add(index.get(peer));
      }
      mesh.add(m);
    }
    return new Graph(connections, mesh, handshakes);
  }

  /** Hops from {@code node} to the farthest node over connections; -1 if one is unreachable. */
  int connectionHops(int node) {
    return Topology.eccentricity(connections, node, null);
  }

  /**
   * Hops from {@code node} to the farthest node along the eager gossip routes: the publisher floods
   * to every connection, then each node forwards to its topic mesh; -1 if one is not reached so.
   */
  int routeHops(int node) {
    return Topology.eccentricity(mesh, node, connections.get(node));
  }

  /** Connections per node. */
  List<Integer> degrees() {
    return connections.stream().map(Set::size).toList();
  }

  /** Topic mesh peers per node. */
  List<Integer> meshDegrees() {
    return mesh.stream().map(Set::size).toList();
  }

  /** Connections (each counted once) in one snapshot and not the other. */
  static int changed(Graph a, Graph b) {
    int changed = 0;
    for (int i = 0; i < a.connections.size(); i++) {
      for (int j : a.connections.get(i)) {
        changed += i < j && !b.connections.get(i).contains(j) ? 1 : 0;
      }
      for (int j : b.connections.get(i)) {
        changed += i < j && !a.connections.get(i).contains(j) ? 1 : 0;
      }
    }
    return changed;
  }

  /**
   * Topic mesh links (directed: Y's mesh holds X) in one snapshot and not the other: the links a
   * copy may have taken that {@link RelayHop} does not know of.
   */
  static int meshChanged(Graph a, Graph b) {
    int changed = 0;
    for (int i = 0; i < a.mesh.size(); i++) {
      for (int j : a.mesh.get(i)) {
        changed += b.mesh.get(i).contains(j) ? 0 : 1;
      }
      for (int j : b.mesh.get(i)) {
        changed += a.mesh.get(i).contains(j) ? 0 : 1;
      }
    }
    return changed;
  }
}
