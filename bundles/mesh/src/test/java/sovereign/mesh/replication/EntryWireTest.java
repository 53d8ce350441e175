package sovereign.mesh.replication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import sovereign.api.identity.NodeId;
import sovereign.api.ledger.Action;
import sovereign.api.ledger.Currency;
import sovereign.api.ledger.Entry;
import sovereign.api.ledger.Hash;
import sovereign.api.ledger.Outcome;
import sovereign.api.ledger.Posting;

/** The wire codec against the test vector of docs/ledger.md ("Test vectors", entry 0). */
class EntryWireTest {

  private static final HexFormat HEX = HexFormat.of();
  private static final NodeId ACTOR =
      NodeId.fromPublicKey(
          HEX.parseHex("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a"));
  private static final String BYTES =
      "01d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a0000000000000000"
          + "0000019b76daa80001000002000000046d696e7401ffffffffc465360000000034313244334b6f6f57"
          + "514b31776e65666f4c7263564862626e6635744c7a626f705564334b336246416f4a704137594a674c"
          + "35705601000000003b9aca000000000767656e65736973";
  private static final Hash HASH =
      Hash.parse("a778e54204500e74d0dd490d52755039bfc9ef0f54f61c1e48ad8321980b1ed3");
  private static final byte[] SIGNATURE =
      HEX.parseHex(
          "c9f068fbd5af15324399a34521ca36a48b62d7899801e7fd302558e34164c2a6"
              + "96924e26a7becdb4a2814bc9dabf21736170b9c6eef88a7fd6eaa03a70172003");

  private static Entry genesis() {
    return new Entry(
        ACTOR,
        0,
        Hash.ZERO,
        HASH,
        Instant.parse("2026-01-01T00:00:00Z"),
        new Action.Genesis(),
        List.of(
            new Posting("mint", Currency.IPPC, -1_000_000_000L),
            new Posting(ACTOR.toString(), Currency.IPPC, 1_000_000_000L)),
        Outcome.SUCCESS,
        "genesis",
        SIGNATURE);
  }

  @Test
  void entryBytesAndHashAreTheLedgersCanonicalOnes() {
    Entry e = genesis();
    assertThat(HEX.formatHex(EntryWire.entryBytes(e))).isEqualTo(BYTES);
    assertThat(EntryWire.hash(e)).isEqualTo(HASH);
    assertThat(EntryWire.verify(e)).isTrue();
  }

  @Test
  void aBatchRoundTripsAndAnyChangedByteFailsDecodingOrVerification() {
    byte[] batch = EntryWire.batch(List.of(EntryWire.record(genesis())));
    assertThat(EntryWire.decodeBatch(batch)).containsExactly(genesis());
    for (int i = 0; i < batch.length; i++) {
      byte[] changed = batch.clone();
      changed[i] ^= 0x01;
      boolean refused;
      try {
        refused = !EntryWire.verify(EntryWire.decodeBatch(changed).get(0));
      } catch (RuntimeException e) {
        refused = true;
      }
      assertThat(refused).as("byte %d changed", i).isTrue();
    }
    assertThatThrownBy(() -> EntryWire.decodeBatch(new byte[] {1, 0, 0}))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void batchesRespectTheCountAndByteCaps() {
    byte[] r = EntryWire.record(genesis());
    List<byte[]> records = java.util.Collections.nCopies(10, r);
    assertThat(EntryWire.batches(records, 4, 1 << 20)).hasSize(3);
    assertThat(EntryWire.batches(records, 100, 3 + 2 * (4 + r.length))).hasSize(5);
    assertThat(EntryWire.batches(records, 100, 1 << 20).get(0).length)
        .isEqualTo(3 + 10 * (4 + r.length));
  }
}
