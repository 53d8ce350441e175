package sovereign.mesh.gossip;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one router call (an incoming RPC, a publish, a heartbeat) wants to send, gathered per peer
 * and sent at the end of the call: control messages piggyback on messages (gossipsub-v1.0 §Control
 * Message Piggybacking), and a peer gets one RPC per call rather than one per decision. An RPC that
 * would break a codec cap (count or frame size) is split, so everything queued can be encoded.
 */
final class OutboundBatch {

  private static final int SUBSCRIPTION_MAX_BYTES = 1 + 2 + Topics.MAX_BYTES;
  private static final int PRUNE_MAX_BYTES = 2 + Topics.MAX_BYTES + 4;

  private final int maxFrameBytes;
  private final Map<PeerKey, List<Pending>> pending = new LinkedHashMap<>();

  /** One RPC being built, with its frame size bound and its count of each part. */
  private static final class Pending {
    final Rpc.Builder rpc = Rpc.builder();
    long bytes = RpcCodec.EMPTY_FRAME_BYTES;
    final int[] counts = new int[Part.values().length];
  }

  OutboundBatch(int maxFrameBytes) {
    this.maxFrameBytes = maxFrameBytes;
  }

  void subscription(PeerKey peer, boolean subscribe, String topic) {
    builder(peer, SUBSCRIPTION_MAX_BYTES, Part.SUBSCRIPTION)
        .subscription(new Rpc.Subscription(subscribe, topic));
  }

  void message(PeerKey peer, GossipMessage m) {
    builder(peer, RpcCodec.wireSize(m), Part.MESSAGE).message(m);
  }

  void graft(PeerKey peer, String topic) {
    builder(peer, 2 + Topics.MAX_BYTES, Part.GRAFT).graft(new Rpc.Graft(topic));
  }

  void prune(PeerKey peer, String topic, long backoffSeconds) {
    builder(peer, PRUNE_MAX_BYTES, Part.PRUNE).prune(new Rpc.Prune(topic, backoffSeconds));
  }

  void ihave(PeerKey peer, String topic, List<MessageId> ids) {
    int bytes = 2 + Topics.MAX_BYTES + 2 + MessageId.BYTES * ids.size();
    builder(peer, bytes, Part.IHAVE).ihave(new Rpc.IHave(topic, ids));
  }

  void iwant(PeerKey peer, List<MessageId> ids) {
    builder(peer, 2 + MessageId.BYTES * ids.size(), Part.IWANT).iwant(new Rpc.IWant(ids));
  }

  /** Forgets what was queued for a peer (it was banned or went away). */
  void discard(PeerKey peer) {
    pending.remove(peer);
  }

  /** Sends everything queued, in the order peers were first addressed, and empties the batch. */
  void flush(Outbox outbox) {
    Map<PeerKey, List<Pending>> out = new LinkedHashMap<>(pending);
    pending.clear();
    out.forEach((peer, rpcs) -> rpcs.forEach(r -> outbox.send(peer, r.rpc.build())));
  }

  private enum Part {
    SUBSCRIPTION(RpcCodec.MAX_SUBSCRIPTIONS),
    MESSAGE(RpcCodec.MAX_MESSAGES),
    GRAFT(RpcCodec.MAX_CONTROL_ENTRIES),
    PRUNE(RpcCodec.MAX_CONTROL_ENTRIES),
    IHAVE(RpcCodec.MAX_CONTROL_ENTRIES),
    IWANT(RpcCodec.MAX_CONTROL_ENTRIES);

    final int cap;

    Part(int cap) {
      this.cap = cap;
    }
  }

  /**
   * The builder to add a part of {@code bytes} to: the peer's last one if the part fits under the
   * frame size and the part's count cap, else a new one.
   */
  private Rpc.Builder builder(PeerKey peer, int bytes, Part part) {
    List<Pending> rpcs = pending.computeIfAbsent(peer, k -> new ArrayList<>());
    Pending last = rpcs.isEmpty() ? null : rpcs.get(rpcs.size() - 1);
    if (last == null
        || last.bytes + bytes > maxFrameBytes
        || last.counts[part.ordinal()] >= part.cap) {
      last = new Pending();
      rpcs.add(last);
    }
    last.bytes += bytes;
    last.counts[part.ordinal()]++;
    return last.rpc;
  }
}
