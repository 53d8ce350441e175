package sovereign.mesh.gossip;

import java.util.ArrayList;
import java.util.List;
import sovereign.mesh.wire.StrictUtf8;

/**
 * Reads one frame in {@link RpcCodec}'s format. Defensive by construction, since frames come from
 * untrusted peers and will be fuzzed: every length and count is checked against its cap <em>and
 * against the bytes left</em> before anything is allocated, so an allocation is never larger than
 * the frame itself; any violation is a {@link MalformedRpcException} naming the offset.
 *
 * <p>Not thread-safe; one reader per frame.
 */
final class RpcReader {

  private final byte[] in;
  private final int maxPayloadBytes;
  private int pos;

  RpcReader(byte[] in, int maxPayloadBytes) {
    this.in = in;
    this.maxPayloadBytes = maxPayloadBytes;
  }

  Rpc read() throws MalformedRpcException {
    int version = u8("version");
    if (version != RpcCodec.VERSION) {
      throw fail("unknown version " + version + " (this codec reads " + RpcCodec.VERSION + ")");
    }
    int n = count(RpcCodec.MAX_SUBSCRIPTIONS, 1 + 3, "subscriptions");
    List<Rpc.Subscription> subs = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      int flag = u8("subscription flag");
      if (flag > 1) {
        throw fail("subscription flag " + flag + " is neither 0 nor 1");
      }
      subs.add(new Rpc.Subscription(flag == 1, topic()));
    }
    n = count(RpcCodec.MAX_MESSAGES, RpcCodec.MESSAGE_OVERHEAD + 1, "messages");
    List<GossipMessage> messages = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      messages.add(message());
    }
    n = count(RpcCodec.MAX_CONTROL_ENTRIES, 3, "GRAFTs");
    List<Rpc.Graft> grafts = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      grafts.add(new Rpc.Graft(topic()));
    }
    n = count(RpcCodec.MAX_CONTROL_ENTRIES, 3 + 4, "PRUNEs");
    List<Rpc.Prune> prunes = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      String topic = topic();
      long backoff = u32("PRUNE backoff");
      if (backoff > RpcCodec.MAX_BACKOFF_SECONDS) {
        throw fail(
            "PRUNE backoff " + backoff + " s is over the cap of " + RpcCodec.MAX_BACKOFF_SECONDS);
      }
      prunes.add(new Rpc.Prune(topic, backoff));
    }
    n = count(RpcCodec.MAX_CONTROL_ENTRIES, 3 + 2, "IHAVEs");
    List<Rpc.IHave> ihaves = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      String topic = topic();
      ihaves.add(new Rpc.IHave(topic, ids("IHAVE")));
    }
    n = count(RpcCodec.MAX_CONTROL_ENTRIES, 2, "IWANTs");
    List<Rpc.IWant> iwants = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      iwants.add(new Rpc.IWant(ids("IWANT")));
    }
    if (pos != in.length) {
      throw fail((in.length - pos) + " bytes after the last field");
    }
    return new Rpc(subs, messages, grafts, prunes, ihaves, iwants);
  }

  private GossipMessage message() throws MalformedRpcException {
    String topic = topic();
    PeerKey origin = new PeerKey(bytes(PeerKey.BYTES, "origin key"));
    long seqno = u64("seqno");
    long length = u32("payload length");
    if (length > maxPayloadBytes) {
      throw fail("payload of " + length + " bytes is over the cap of " + maxPayloadBytes);
    }
    byte[] payload = bytes((int) length, "payload");
    byte[] signature = bytes(GossipMessage.SIGNATURE_BYTES, "signature");
    return new GossipMessage(topic, origin, seqno, payload, signature);
  }

  private List<MessageId> ids(String what) throws MalformedRpcException {
    int n = count(RpcCodec.MAX_IDS_PER_ENTRY, MessageId.BYTES, "ids in an " + what);
    List<MessageId> ids = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      ids.add(new MessageId(bytes(MessageId.BYTES, "message id")));
    }
    return ids;
  }

  private String topic() throws MalformedRpcException {
    int length = u16("topic length");
    if (length == 0 || length > Topics.MAX_BYTES) {
      throw fail("topic length " + length + " is not 1.." + Topics.MAX_BYTES);
    }
    int start = pos;
    byte[] bytes = bytes(length, "topic");
    return StrictUtf8.decode(bytes)
        .orElseThrow(
            () ->
                new MalformedRpcException(
                    "topic at offset " + start + " is not well-formed UTF-8"));
  }

  /**
   * A count, checked against its cap and against the bytes left: {@code count * minElementBytes}
   * must fit, so the list allocated for it is bounded by the frame size.
   */
  private int count(int cap, int minElementBytes, String what) throws MalformedRpcException {
    int n = u16("count of " + what);
    if (n > cap) {
      throw fail(n + " " + what + " is over the cap of " + cap);
    }
    if ((long) n * minElementBytes > in.length - pos) {
      throw fail(n + " " + what + " cannot fit in the " + (in.length - pos) + " bytes left");
    }
    return n;
  }

  private byte[] bytes(int length, String what) throws MalformedRpcException {
    need(length, what);
    byte[] out = new byte[length];
    System.arraycopy(in, pos, out, 0, length);
    pos += length;
    return out;
  }

  private int u8(String what) throws MalformedRpcException {
    need(1, what);
    return in[pos++] & 0xff;
  }

  private int u16(String what) throws MalformedRpcException {
    need(2, what);
    int v = ((in[pos] & 0xff) << 8) | (in[pos + 1] & 0xff);
    pos += 2;
    return v;
  }

  private long u32(String what) throws MalformedRpcException {
    need(4, what);
    long v = 0;
    for (int i = 0; i < 4; i++) {
      v = (v << 8) | (in[pos + i] & 0xff);
    }
    pos += 4;
    return v;
  }

  private long u64(String what) throws MalformedRpcException {
    need(8, what);
    long v = 0;
    for (int i = 0; i < 8; i++) {
      v = (v << 8) | (in[pos + i] & 0xff);
    }
    pos += 8;
    return v;
  }

  private void need(int length, String what) throws MalformedRpcException {
    if (length > in.length - pos) {
      throw fail(
          "truncated: " + what + " needs " + length + " bytes, " + (in.length - pos) + " left");
    }
  }

  private MalformedRpcException fail(String reason) {
    return new MalformedRpcException(reason + " (at offset " + pos + ")");
  }
}
