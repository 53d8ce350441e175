package sovereign.mesh.gossip;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What happens to a full message, ours or a peer's (gossipsub-v1.0 §Message Processing, with the
 * v1.1 scoring hooks):
 *
 * <ol>
 *   <li>drop if the topic is not ours, or if the origin is us (an echo of our own message);
 *   <li>seen? drop; a copy of a message the validator rejected costs the sender like the original;
 *   <li>signature bad (forged content or forged origin)? drop, P₄ penalty, and do <em>not</em> mark
 *       seen (the genuine message may still come);
 *   <li>validator: REJECT → P₄ penalty, IGNORE → drop quietly, ACCEPT → P₂ credit to the first
 *       deliverer, mcache, deliver locally, forward to the mesh except sender and origin.
 * </ol>
 *
 * Invalid messages are never forwarded, so an honest forwarder is only charged for what it relays
 * after validating it itself.
 */
final class MessagePipeline {

  private final RouterState s;
  private long nextSeqno;

  MessagePipeline(RouterState state) {
    this.s = state;
    // A random start, so a restarted node does not reuse the seqnos of its previous run.
    this.nextSeqno = state.env.random().nextLong();
  }

  void onMessage(PeerKey from, GossipMessage m) {
    String topic = m.topic();
    if (!s.subscriptions.contains(topic) || m.origin().equals(s.self)) {
      return;
    }
    MessageId id = m.id();
    ValidationResult earlier = s.seen.verdict(id);
    if (earlier != null) {
      if (earlier == ValidationResult.REJECT) {
        s.scores.invalidMessage(from, topic, "copy of a message the validator rejected");
      }
      return;
    }
    if (!s.env.verifier().verify(m.origin(), SignedContent.bytes(m), m.signatureRef())) {
      s.scores.invalidMessage(from, topic, "bad signature (forged origin or content)");
      return;
    }
    ValidationResult verdict = validate(m);
    s.seen.add(id, verdict, s.now());
    s.promises.fulfil(id);
    switch (verdict) {
      case REJECT -> s.scores.invalidMessage(from, topic, "rejected by the topic validator");
      case IGNORE -> {}
      case ACCEPT -> {
        s.scores.firstDelivery(from, topic);
        s.mcache.put(id, m);
        s.env.delivery().deliver(id, m);
        forward(from, m);
      }
    }
  }

  /**
   * Signs and sends a message of ours: to every topic peer above the publish threshold with flood
   * publishing (gossipsub-v1.1 §Flood Publishing), else to the mesh, or to the fanout if we are not
   * subscribed (gossipsub-v1.0 §Message Processing, §Fanout Maintenance).
   */
  MessageId publish(String topic, byte[] payload) {
    Topics.check(topic);
    if (payload.length > s.params.maxPayloadBytes()) {
      throw new IllegalArgumentException(
          "a payload has at most " + s.params.maxPayloadBytes() + " bytes, not " + payload.length);
    }
    long seqno = nextSeqno++;
    byte[] signature = s.env.signer().sign(SignedContent.bytes(topic, s.self, seqno, payload));
    GossipMessage m = new GossipMessage(topic, s.self, seqno, payload, signature);
    MessageId id = m.id();
    ValidationResult verdict = validate(m);
    if (verdict != ValidationResult.ACCEPT) {
      throw new IllegalStateException("the validator of topic " + topic + " said " + verdict);
    }
    s.seen.add(id, verdict, s.now());
    s.mcache.put(id, m);
    if (s.subscriptions.contains(topic)) {
      s.env.delivery().deliver(id, m);
    }
    for (PeerKey peer : recipients(topic)) {
      s.out.message(peer, m);
    }
    return id;
  }

  private List<PeerKey> recipients(String topic) {
    if (s.params.floodPublish()) {
      List<PeerKey> all = new ArrayList<>();
      for (PeerKey peer : s.topicPeers(topic)) {
        if (s.score(peer) >= s.params.publishThreshold()) {
          all.add(peer);
        }
      }
      return all;
    }
    if (s.subscriptions.contains(topic)) {
      return new ArrayList<>(s.mesh.getOrDefault(topic, Set.of()));
    }
    s.fanoutLastPublished.put(topic, s.now());
    Set<PeerKey> fanout = s.fanout.computeIfAbsent(topic, t -> new LinkedHashSet<>());
    if (fanout.isEmpty()) {
      for (PeerKey peer : s.shuffled(s.topicPeers(topic))) {
        if (fanout.size() >= s.params.d()) {
          break;
        }
        if (s.score(peer) >= s.params.publishThreshold()) {
          fanout.add(peer);
        }
      }
    }
    return new ArrayList<>(fanout);
  }

  private void forward(PeerKey from, GossipMessage m) {
    for (PeerKey peer : s.mesh.getOrDefault(m.topic(), Set.of())) {
      if (!peer.equals(from) && !peer.equals(m.origin())) {
        s.out.message(peer, m);
      }
    }
  }

  /** The topic validator's verdict; no validator accepts; a throwing validator ignores. */
  private ValidationResult validate(GossipMessage m) {
    Validator v = s.validators.get(m.topic());
    if (v == null) {
      return ValidationResult.ACCEPT;
    }
    try {
      ValidationResult r = v.validate(m);
      return r == null ? ValidationResult.IGNORE : r;
    } catch (RuntimeException e) {
      return ValidationResult.IGNORE;
    }
  }
}
