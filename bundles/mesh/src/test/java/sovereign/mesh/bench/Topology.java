package sovereign.mesh.bench;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;

/** The bootstrap plan of a run, and hop counts over the graphs the run actually formed. */
final class Topology {

  private Topology() {}

  /**
   * For each node, the earlier nodes it bootstraps to: {@code dials} distinct ones at random (all
   * of them while there are fewer), skipping nodes that already have {@code cap} planned
   * connections. Each node reaches an earlier one, so the graph is connected, and sparse: the
   * gossip mesh has to form over it. The cap stands in for what a node's own dialler does
   * (Heartbeats stops dialling at {@code targetPeers}, 8): without it the first nodes would collect
   * about dials × ln N dial-ins, a property of this plan rather than of the mesh, which accepts
   * every keyed node that dials it.
   */
  static List<int[]> plan(int n, int dials, int cap, Random random) {
    int[] degree = new int[n];
    List<int[]> plan = new ArrayList<>();
    plan.add(new int[0]);
    for (int i = 1; i < n; i++) {
      List<Integer> open = new ArrayList<>();
      for (int j = 0; j < i; j++) {
        if (degree[j] < cap) {
          open.add(j);
        }
      }
      if (open.isEmpty()) {
        // Every earlier node is full: the least connected one still takes us, so nobody is alone.
        int least = 0;
        for (int j = 1; j < i; j++) {
          least = degree[j] < degree[least] ? j : least;
        }
        open.add(least);
      }
      java.util.Collections.shuffle(open, random);
      int[] chosen =
          open.subList(0, Math.min(dials, open.size())).stream().mapToInt(x -> x).toArray();
      for (int j : chosen) {
        degree[j]++;
        degree[i]++;
      }
      plan.add(chosen);
    }
    return plan;
  }

  /**
   * Hops from {@code from} to the farthest node that can be reached, where {@code edges[v]} are the
   * nodes v sends to; -1 if some node cannot be reached. With {@code firstHop} given, the source
   * sends to those instead of its own edges (a publisher floods to every subscribed peer, later
   * hops follow the topic mesh).
   */
  static int eccentricity(List<Set<Integer>> edges, int from, Set<Integer> firstHop) {
    int n = edges.size();
    int[] dist = new int[n];
    Arrays.fill(dist, -1);
    dist[from] = 0;
    ArrayDeque<Integer> queue = new ArrayDeque<>();
    queue.add(from);
    int farthest = 0;
    while (!queue.isEmpty()) {
      int v = queue.poll();
      for (int w : v == from && firstHop != null ? firstHop : edges.get(v)) {
        if (dist[w] < 0) {
          dist[w] = dist[v] + 1;
          farthest = Math.max(farthest, dist[w]);
          queue.add(w);
        }
      }
    }
    for (int d : dist) {
      if (d < 0) {
        return -1;
      }
    }
    return farthest;
  }
}
