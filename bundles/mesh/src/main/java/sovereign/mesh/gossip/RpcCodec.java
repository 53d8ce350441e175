package sovereign.mesh.gossip;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * The wire format of an {@link Rpc}: compact, deterministic (one encoding per RPC), big-endian,
 * every variable-length field length-prefixed. Not protobuf: this mesh talks only to itself, and a
 * format with no optional fields, no varints and fixed-size keys is easier to decode defensively.
 *
 * <pre>
 * frame     = version:u8 (=1)
 *             nSub:u16   subscription*nSub
 *             nMsg:u16   message*nMsg
 *             nGraft:u16 topic*nGraft
 *             nPrune:u16 (topic backoffSeconds:u32)*nPrune
 *             nIHave:u16 (topic nId:u16 id:32*nId)*nIHave
 *             nIWant:u16 (nId:u16 id:32*nId)*nIWant
 * subscription = flag:u8 (1 subscribe, 0 unsubscribe) topic
 * message   = topic origin:32 seqno:u64 payloadLength:u32 payload signature:64
 * topic     = length:u16 (1..256) UTF-8 bytes (well-formed)
 * </pre>
 *
 * <p>Caps (the decoder refuses anything over them, the encoder throws {@link
 * IllegalArgumentException}): frame at most {@code maxFrameBytes} (itself at most {@value
 * #HARD_MAX_FRAME_BYTES}); payload at most {@code maxPayloadBytes}; {@value #MAX_SUBSCRIPTIONS}
 * subscriptions, {@value #MAX_MESSAGES} messages, {@value #MAX_CONTROL_ENTRIES} entries of each
 * control kind, {@value #MAX_IDS_PER_ENTRY} ids per IHAVE or IWANT, backoff at most {@value
 * #MAX_BACKOFF_SECONDS} s. Nothing may follow the last field.
 *
 * <p>Thread-safe: immutable.
 */
public final class RpcCodec {

  /** The only version byte this codec reads and writes. */
  public static final int VERSION = 1;

  /** No frame is ever larger than this, whatever the configuration. */
  public static final int HARD_MAX_FRAME_BYTES = 16 * 1024 * 1024;

  /** Subscriptions per RPC. */
  public static final int MAX_SUBSCRIPTIONS = 1024;

  /** Full messages per RPC. */
  public static final int MAX_MESSAGES = 1024;

  /** GRAFTs, PRUNEs, IHAVEs and IWANTs per RPC, each. */
  public static final int MAX_CONTROL_ENTRIES = 1024;

  /** Message ids per IHAVE or IWANT entry. */
  public static final int MAX_IDS_PER_ENTRY = 5000;

  /** Longest backoff a PRUNE may ask for: one day. */
  public static final long MAX_BACKOFF_SECONDS = 86_400;

  /** Bytes of a message besides its topic and payload. */
  static final int MESSAGE_OVERHEAD = 2 + PeerKey.BYTES + 8 + 4 + GossipMessage.SIGNATURE_BYTES;

  /** Bytes of an empty frame. */
  static final int EMPTY_FRAME_BYTES = 1 + 6 * 2;

  private final int maxFrameBytes;
  private final int maxPayloadBytes;

  /** A codec with these size caps. */
  public RpcCodec(int maxFrameBytes, int maxPayloadBytes) {
    if (maxFrameBytes < EMPTY_FRAME_BYTES || maxFrameBytes > HARD_MAX_FRAME_BYTES) {
      throw new IllegalArgumentException(
          "maxFrameBytes must be "
              + EMPTY_FRAME_BYTES
              + ".."
              + HARD_MAX_FRAME_BYTES
              + ", not "
              + maxFrameBytes);
    }
    if (maxPayloadBytes < 0 || maxPayloadBytes > maxFrameBytes) {
      throw new IllegalArgumentException(
          "maxPayloadBytes must be 0..maxFrameBytes, not " + maxPayloadBytes);
    }
    this.maxFrameBytes = maxFrameBytes;
    this.maxPayloadBytes = maxPayloadBytes;
  }

  /** A codec with the caps of {@code params}. */
  public static RpcCodec of(GossipParams params) {
    return new RpcCodec(params.maxFrameBytes(), params.maxPayloadBytes());
  }

  /** Largest frame this codec reads or writes. */
  public int maxFrameBytes() {
    return maxFrameBytes;
  }

  /** Largest payload this codec reads or writes. */
  public int maxPayloadBytes() {
    return maxPayloadBytes;
  }

  /** Bytes a message adds to a frame. */
  public static int wireSize(GossipMessage m) {
    return MESSAGE_OVERHEAD + Topics.encode(m.topic()).length + m.payloadRef().length;
  }

  /** The frame of an RPC; {@link IllegalArgumentException} if it breaks a cap. */
  public byte[] encode(Rpc rpc) {
    checkCount(rpc.subscriptions(), MAX_SUBSCRIPTIONS, "subscriptions");
    checkCount(rpc.messages(), MAX_MESSAGES, "messages");
    checkCount(rpc.grafts(), MAX_CONTROL_ENTRIES, "GRAFTs");
    checkCount(rpc.prunes(), MAX_CONTROL_ENTRIES, "PRUNEs");
    checkCount(rpc.ihaves(), MAX_CONTROL_ENTRIES, "IHAVEs");
    checkCount(rpc.iwants(), MAX_CONTROL_ENTRIES, "IWANTs");
    long size = EMPTY_FRAME_BYTES;
    for (Rpc.Subscription s : rpc.subscriptions()) {
      size += 1 + topicSize(s.topic());
    }
    for (GossipMessage m : rpc.messages()) {
      if (m.payloadRef().length > maxPayloadBytes) {
        throw new IllegalArgumentException(
            "a payload has at most " + maxPayloadBytes + " bytes, not " + m.payloadRef().length);
      }
      size += wireSize(m);
    }
    for (Rpc.Graft g : rpc.grafts()) {
      size += topicSize(g.topic());
    }
    for (Rpc.Prune p : rpc.prunes()) {
      size += topicSize(p.topic()) + 4;
    }
    for (Rpc.IHave i : rpc.ihaves()) {
      checkCount(i.ids(), MAX_IDS_PER_ENTRY, "ids in an IHAVE");
      size += topicSize(i.topic()) + 2 + (long) MessageId.BYTES * i.ids().size();
    }
    for (Rpc.IWant i : rpc.iwants()) {
      checkCount(i.ids(), MAX_IDS_PER_ENTRY, "ids in an IWANT");
      size += 2 + (long) MessageId.BYTES * i.ids().size();
    }
    if (size > maxFrameBytes) {
      throw new IllegalArgumentException(
          "the RPC needs " + size + " bytes, over the frame cap of " + maxFrameBytes);
    }
    ByteBuffer out = ByteBuffer.allocate((int) size);
    out.put((byte) VERSION);
    out.putShort((short) rpc.subscriptions().size());
    for (Rpc.Subscription s : rpc.subscriptions()) {
      out.put((byte) (s.subscribe() ? 1 : 0));
      putTopic(out, s.topic());
    }
    out.putShort((short) rpc.messages().size());
    for (GossipMessage m : rpc.messages()) {
      putTopic(out, m.topic());
      out.put(m.origin().bytes());
      out.putLong(m.seqno());
      out.putInt(m.payloadRef().length);
      out.put(m.payloadRef());
      out.put(m.signatureRef());
    }
    out.putShort((short) rpc.grafts().size());
    for (Rpc.Graft g : rpc.grafts()) {
      putTopic(out, g.topic());
    }
    out.putShort((short) rpc.prunes().size());
    for (Rpc.Prune p : rpc.prunes()) {
      putTopic(out, p.topic());
      out.putInt((int) p.backoffSeconds());
    }
    out.putShort((short) rpc.ihaves().size());
    for (Rpc.IHave i : rpc.ihaves()) {
      putTopic(out, i.topic());
      putIds(out, i.ids());
    }
    out.putShort((short) rpc.iwants().size());
    for (Rpc.IWant i : rpc.iwants()) {
      putIds(out, i.ids());
    }
    return out.array();
  }

  /** The RPC in a frame, or a {@link MalformedRpcException} saying why not. */
  public Rpc decode(byte[] frame) throws MalformedRpcException {
    if (frame == null) {
      throw new MalformedRpcException("no frame");
    }
    if (frame.length > maxFrameBytes) {
      throw new MalformedRpcException(
          "frame of " + frame.length + " bytes is over the cap of " + maxFrameBytes);
    }
    try {
      return new RpcReader(frame, maxPayloadBytes).read();
    } catch (IllegalArgumentException e) {
      // The reader checks every field before building records; this is a second line of defence.
      throw new MalformedRpcException("a field is out of range: " + e.getMessage());
    }
  }

  private static void checkCount(List<?> list, int cap, String what) {
    if (list.size() > cap) {
      throw new IllegalArgumentException(
          "an RPC carries at most " + cap + " " + what + ", not " + list.size());
    }
  }

  private static int topicSize(String topic) {
    return 2 + Topics.encode(topic).length;
  }

  private static void putTopic(ByteBuffer out, String topic) {
    byte[] bytes = Topics.encode(topic);
    out.putShort((short) bytes.length);
    out.put(bytes);
  }

  private static void putIds(ByteBuffer out, List<MessageId> ids) {
    out.putShort((short) ids.size());
    for (MessageId id : ids) {
      out.put(id.raw());
    }
  }
}
