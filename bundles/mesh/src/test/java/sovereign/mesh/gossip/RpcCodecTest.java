package sovereign.mesh.gossip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The wire format: every valid RPC round-trips, and every malformed frame (truncated, oversized,
 * over a cap, out of range, garbage) is a {@link MalformedRpcException}, never another exception.
 */
class RpcCodecTest {

  private static final int MAX_PAYLOAD = 4096;
  private final RpcCodec codec = new RpcCodec(64 * 1024, MAX_PAYLOAD);

  @Test
  void thousandsOfRandomRpcsRoundTripDeterministically() throws MalformedRpcException {
    Random random = new Random(20240601);
    for (int i = 0; i < 3000; i++) {
      Rpc rpc = randomRpc(random, 6);
      byte[] frame = codec.encode(rpc);
      assertThat(codec.decode(frame)).as("round trip %d", i).isEqualTo(rpc);
      assertThat(codec.encode(codec.decode(frame))).isEqualTo(frame);
    }
  }

  @Test
  void theEmptyRpcIsThirteenBytes() throws MalformedRpcException {
    byte[] frame = codec.encode(Rpc.EMPTY);
    assertThat(frame).containsExactly(1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
    assertThat(codec.decode(frame)).isEqualTo(Rpc.EMPTY);
  }

  @Test
  void everyTruncationIsRejected() {
    Random random = new Random(7);
    for (int i = 0; i < 200; i++) {
      byte[] frame = codec.encode(randomRpc(random, 3));
      for (int length = 0; length < frame.length; length++) {
        byte[] prefix = Arrays.copyOf(frame, length);
        assertThatThrownBy(() -> codec.decode(prefix))
            .isInstanceOf(MalformedRpcException.class)
            .hasMessageMatching(".*(truncated|cannot fit).*");
      }
    }
  }

  @Test
  void trailingBytesAreRejected() {
    byte[] frame = codec.encode(Rpc.EMPTY);
    assertMalformed(Arrays.copyOf(frame, frame.length + 1), "after the last field");
  }

  @Test
  void anOversizedFrameIsRejectedBeforeDecoding() {
    assertMalformed(new byte[64 * 1024 + 1], "over the cap");
  }

  @Test
  void anUnknownVersionIsRejected() {
    byte[] frame = codec.encode(Rpc.EMPTY);
    frame[0] = 2;
    assertMalformed(frame, "unknown version");
  }

  @Test
  void countsOverTheirCapOrOverTheBytesLeftAreRejected() {
    assertMalformed(header(1025), "over the cap of 1024");
    // 1000 subscriptions claimed in a 20-byte frame: refused before any allocation.
    assertMalformed(header(1000), "cannot fit");
  }

  @Test
  void idsPerEntryOverTheCapAreRejected() {
    ByteBuffer b = ByteBuffer.allocate(64);
    b.put((byte) 1).putShort((short) 0).putShort((short) 0).putShort((short) 0).putShort((short) 0);
    b.putShort((short) 0).putShort((short) 1).putShort((short) 5001);
    assertMalformed(Arrays.copyOf(b.array(), b.position()), "over the cap of 5000");
  }

  @Test
  void outOfRangeFieldsAreRejected() {
    GossipMessage m = message("t", new byte[] {1, 2, 3});
    byte[] frame = codec.encode(Rpc.builder().message(m).build());
    // payload length field: version(1) nSub(2) nMsg(2) topicLen(2) topic(1) origin(32) seqno(8)
    int payloadLength = 1 + 2 + 2 + 2 + 1 + 32 + 8;
    byte[] huge = frame.clone();
    ByteBuffer.wrap(huge).putInt(payloadLength, MAX_PAYLOAD + 1);
    assertMalformed(huge, "payload of 4097 bytes is over the cap");
    byte[] negative = frame.clone();
    ByteBuffer.wrap(negative).putInt(payloadLength, -1);
    assertMalformed(negative, "over the cap");

    byte[] sub = codec.encode(Rpc.builder().subscription(new Rpc.Subscription(true, "t")).build());
    byte[] badFlag = sub.clone();
    badFlag[3] = 2;
    assertMalformed(badFlag, "flag 2");
    byte[] emptyTopic = sub.clone();
    emptyTopic[4] = 0;
    emptyTopic[5] = 0;
    assertMalformed(emptyTopic, "topic length 0");
    byte[] longTopic = sub.clone();
    ByteBuffer.wrap(longTopic).putShort(4, (short) 257);
    assertMalformed(longTopic, "topic length 257");
    byte[] badUtf8 = sub.clone();
    badUtf8[6] = (byte) 0xc0;
    assertMalformed(badUtf8, "not well-formed UTF-8");

    byte[] prune = codec.encode(Rpc.builder().prune(new Rpc.Prune("t", 1)).build());
    ByteBuffer.wrap(prune).putInt(prune.length - 4 - 2 - 2, 86_401);
    assertMalformed(prune, "backoff 86401");
  }

  @Test
  void randomGarbageAndMutationsNeverEscapeAsOtherExceptions() {
    Random random = new Random(99);
    for (int i = 0; i < 20_000; i++) {
      byte[] garbage = new byte[random.nextInt(200)];
      random.nextBytes(garbage);
      if (i % 2 == 0 && garbage.length > 0) {
        garbage[0] = 1; // get past the version byte
      }
      decodeOrMalformed(garbage);
    }
    for (int i = 0; i < 3000; i++) {
      byte[] frame = codec.encode(randomRpc(random, 3));
      for (int flips = 0; flips < 1 + random.nextInt(4); flips++) {
        frame[random.nextInt(frame.length)] ^= (byte) (1 << random.nextInt(8));
      }
      decodeOrMalformed(frame);
    }
  }

  @Test
  void theEncoderRefusesWhatTheDecoderWouldRefuse() {
    List<MessageId> ids = new ArrayList<>();
    for (int i = 0; i <= RpcCodec.MAX_IDS_PER_ENTRY; i++) {
      ids.add(new MessageId(new byte[32]));
    }
    assertThatThrownBy(() -> codec.encode(Rpc.builder().iwant(new Rpc.IWant(ids)).build()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("5000");
    Rpc big = Rpc.builder().message(message("t", new byte[MAX_PAYLOAD + 1])).build();
    assertThatThrownBy(() -> codec.encode(big)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Rpc.Prune("t", 86_401))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Rpc.Graft("")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Rpc.Graft("x".repeat(257)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Rpc.Graft("\ud800")).isInstanceOf(IllegalArgumentException.class);
  }

  private void decodeOrMalformed(byte[] frame) {
    try {
      Rpc rpc = codec.decode(frame);
      assertThat(codec.encode(rpc)).isEqualTo(frame);
    } catch (MalformedRpcException expected) {
      assertThat(expected.getMessage()).isNotBlank();
    } catch (RuntimeException e) {
      fail("decoder threw " + e + " for " + Arrays.toString(frame), e);
    }
  }

  private void assertMalformed(byte[] frame, String reason) {
    assertThatThrownBy(() -> codec.decode(frame))
        .isInstanceOf(MalformedRpcException.class)
        .hasMessageContaining(reason);
  }

  private static byte[] header(int subscriptions) {
    ByteBuffer b = ByteBuffer.allocate(20);
    b.put((byte) 1).putShort((short) subscriptions);
    return b.array();
  }

  static Rpc randomRpc(Random r, int max) {
    Rpc.Builder b = Rpc.builder();
    for (int i = r.nextInt(max + 1); i > 0; i--) {
      b.subscription(new Rpc.Subscription(r.nextBoolean(), topic(r)));
    }
    for (int i = r.nextInt(max + 1); i > 0; i--) {
      byte[] payload = new byte[r.nextInt(r.nextInt(10) == 0 ? MAX_PAYLOAD + 1 : 64)];
      r.nextBytes(payload);
      byte[] origin = new byte[32];
      r.nextBytes(origin);
      byte[] signature = new byte[64];
      r.nextBytes(signature);
      b.message(new GossipMessage(topic(r), new PeerKey(origin), r.nextLong(), payload, signature));
    }
    for (int i = r.nextInt(max + 1); i > 0; i--) {
      b.graft(new Rpc.Graft(topic(r)));
    }
    for (int i = r.nextInt(max + 1); i > 0; i--) {
      b.prune(new Rpc.Prune(topic(r), r.nextInt((int) RpcCodec.MAX_BACKOFF_SECONDS + 1)));
    }
    for (int i = r.nextInt(max + 1); i > 0; i--) {
      b.ihave(new Rpc.IHave(topic(r), ids(r)));
    }
    for (int i = r.nextInt(max + 1); i > 0; i--) {
      b.iwant(new Rpc.IWant(ids(r)));
    }
    return b.build();
  }

  private static List<MessageId> ids(Random r) {
    List<MessageId> ids = new ArrayList<>();
    for (int i = r.nextInt(8); i > 0; i--) {
      byte[] id = new byte[32];
      r.nextBytes(id);
      ids.add(new MessageId(id));
    }
    return ids;
  }

  private static String topic(Random r) {
    String[] pieces = {"a", "swarm", "/", "é", "日本", "🜂", "-", "x".repeat(40)};
    StringBuilder sb = new StringBuilder();
    for (int i = 1 + r.nextInt(6); i > 0; i--) {
      sb.append(pieces[r.nextInt(pieces.length)]);
    }
    return sb.toString();
  }

  private static GossipMessage message(String topic, byte[] payload) {
    return new GossipMessage(topic, new PeerKey(new byte[32]), 1, payload, new byte[64]);
  }
}
