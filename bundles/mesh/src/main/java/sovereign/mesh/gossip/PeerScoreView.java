package sovereign.mesh.gossip;

import java.util.List;

/**
 * A peer's score and what it is made of, for the shell (gossipsub-v1.1 §The Score Function).
 *
 * @param peer the peer
 * @param score the total score
 * @param connected whether the peer is connected now (a disconnected peer's counters are retained)
 * @param behaviourPenalty the P₇ counter
 * @param behaviourScore the P₇ contribution: weight × (counter − threshold)², or 0
 * @param topics the per-topic parts
 * @param lastOffence the last penalty recorded and why, or empty
 */
public record PeerScoreView(
    PeerKey peer,
    double score,
    boolean connected,
    double behaviourPenalty,
    double behaviourScore,
    List<Topic> topics,
    String lastOffence) {

  /** Copies the list. */
  public PeerScoreView {
    topics = List.copyOf(topics);
  }

  /**
   * One topic's part.
   *
   * @param topic the topic
   * @param inMesh whether the peer is in our mesh for it
   * @param timeInMeshSeconds seconds since GRAFT, 0 if not in the mesh (P₁)
   * @param firstMessageDeliveries the decayed P₂ counter
   * @param invalidMessageDeliveries the decayed P₄ counter
   * @param score this topic's contribution before the topic cap
   */
  public record Topic(
      String topic,
      boolean inMesh,
      double timeInMeshSeconds,
      double firstMessageDeliveries,
      double invalidMessageDeliveries,
      double score) {}
}
