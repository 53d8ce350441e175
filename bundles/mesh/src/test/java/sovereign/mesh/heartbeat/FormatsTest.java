package sovereign.mesh.heartbeat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import sovereign.api.identity.NodeId;
import sovereign.mesh.transport.TestIdentity;

class FormatsTest {

  private final NodeId node = TestIdentity.random().nodeId();

  private Beat beat(long seq) {
    return new Beat(
        node,
        seq,
        1_700_000_000_000L,
        42,
        "1.2.3",
        new TreeMap<>(Map.of("sovereign.mesh", "0.1.0", "sovereign.api", "1.0.0")),
        Optional.of(new Beat.LedgerHead(7, "ab".repeat(32))));
  }

  @Test
  void aBeatRoundTripsAndItsEncodingIsFixed() {
    Beat b = beat(5);
    byte[] bytes = b.encode();
    assertThat(Beat.decode(bytes)).isEqualTo(b);
    assertThat(beat(5).encode()).isEqualTo(bytes);
    assertThat(bytes[0]).isEqualTo((byte) 1);
    assertThat(Arrays.copyOfRange(bytes, 1, 33)).isEqualTo(node.publicKey());
    // 1 + 32 + 3*8 + (1+5) + 1 + (1+13+1+5) + (1+14+1+5) + 1 + 8 + 32
    assertThat(bytes).hasSize(1 + 32 + 24 + 6 + 1 + 20 + 21 + 1 + 8 + 32);
    Beat none = new Beat(node, 1, 0, 0, "", new TreeMap<>(), Optional.empty());
    assertThat(Beat.decode(none.encode())).isEqualTo(none);
    assertThat(none.encode()).hasSize(1 + 32 + 24 + 1 + 1 + 1);
  }

  @Test
  void malformedBeatsAreRefused() {
    byte[] good = beat(5).encode();
    assertThatThrownBy(() -> Beat.decode(Arrays.copyOf(good, good.length - 1)))
        .hasMessageContaining("truncated");
    assertThatThrownBy(() -> Beat.decode(Arrays.copyOf(good, good.length + 1)))
        .hasMessageContaining("trailing");
    byte[] v2 = good.clone();
    v2[0] = 2;
    assertThatThrownBy(() -> Beat.decode(v2)).hasMessageContaining("format version 2");
    assertThatThrownBy(() -> Beat.decode(new byte[0])).hasMessageContaining("truncated");
    byte[] flag = good.clone();
    flag[good.length - 41] = 2;
    assertThatThrownBy(() -> Beat.decode(flag)).hasMessageContaining("head flag");
    byte[] zeroSeq = new Beat(node, 1, 0, 0, "", new TreeMap<>(), Optional.empty()).encode();
    Arrays.fill(zeroSeq, 33, 41, (byte) 0);
    assertThatThrownBy(() -> Beat.decode(zeroSeq)).hasMessageContaining("sequence");
  }

  @Test
  void aPeerRecordRoundTripsAndItsEncodingIsFixed() throws Exception {
    PeerRecord r =
        new PeerRecord(
            node,
            9,
            1_700_000_300_000L,
            List.of(
                new InetSocketAddress(InetAddress.getByName("10.0.0.1"), 4001),
                new InetSocketAddress(InetAddress.getByName("::1"), 4002)));
    byte[] bytes = r.encode();
    assertThat(PeerRecord.decode(bytes)).isEqualTo(r);
    assertThat(bytes).hasSize(1 + 32 + 8 + 8 + 1 + (1 + 4 + 2) + (1 + 16 + 2));
    assertThat(Arrays.copyOfRange(bytes, 50, 57)).containsExactly(4, 10, 0, 0, 1, 0x0f, 0xa1);
    assertThatThrownBy(() -> PeerRecord.decode(Arrays.copyOf(bytes, 49)))
        .hasMessageContaining("truncated");
    byte[] none = Arrays.copyOf(bytes, 50);
    none[49] = 0;
    assertThatThrownBy(() -> PeerRecord.decode(none)).hasMessageContaining("0 addresses");
    byte[] family = bytes.clone();
    family[50] = 5;
    assertThatThrownBy(() -> PeerRecord.decode(family)).hasMessageContaining("family 5");
  }
}
