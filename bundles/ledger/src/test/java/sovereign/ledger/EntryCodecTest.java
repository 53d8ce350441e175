package sovereign.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sovereign.api.identity.NodeId;
import sovereign.api.ledger.Accounts;
import sovereign.api.ledger.Action;
import sovereign.api.ledger.Amounts;
import sovereign.api.ledger.Currency;
import sovereign.api.ledger.Entry;
import sovereign.api.ledger.Hash;
import sovereign.api.ledger.Outcome;
import sovereign.api.ledger.Posting;
import sovereign.testing.SetClock;

/**
 * The test vectors of docs/ledger.md ("Test vectors"): the RFC 8032 test-1 key appends a GENESIS
 * and an LLM_INFERENCE charge at fixed times. The expected bytes, hashes and signatures were
 * computed apart from this code, from the documented layout (Python's hashlib and the cryptography
 * package).
 */
class EntryCodecTest {

  static final String ACTOR = "12D3KooWQK1wnefoLrcVHbbnf5tLzbopUd3K3bFAoJpA7YJgL5pV";

  static final String GENESIS_BYTES =
      "01d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a0000000000000000"
          + "0000019b76daa80001000002000000046d696e7401ffffffffc465360000000034313244334b6f6f57"
          + "514b31776e65666f4c7263564862626e6635744c7a626f705564334b336246416f4a704137594a674c"
          + "35705601000000003b9aca000000000767656e65736973";
  static final String GENESIS_HASH =
      "a778e54204500e74d0dd490d52755039bfc9ef0f54f61c1e48ad8321980b1ed3";
  static final String GENESIS_SIGNATURE =
      "c9f068fbd5af15324399a34521ca36a48b62d7899801e7fd302558e34164c2a6"
          + "96924e26a7becdb4a2814bc9dabf21736170b9c6eef88a7fd6eaa03a70172003";

  static final String INFERENCE_BYTES =
      "01d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a0000000000000001"
          + "0000019b76daabe80400000000000005dc0000000a6c6c616d612d332d38620000020000003431"
          + "3244334b6f6f57514b31776e65666f4c7263564862626e6635744c7a626f705564334b3362464"
          + "16f4a704137594a674c35705601fffffffffd9da600000000087472656173757279010000000002"
          + "625a0000000000";
  static final String INFERENCE_HASH =
      "f62df9c898f3f5d5305f5ab1e12a2341b6966ea14f11d3b63754d0a1618ab038";
  static final String INFERENCE_SIGNATURE =
      "0be769d4db4d87bfe8d7b57c60088bf84816c6abaf067f2ef7e5848a3d09c511"
          + "b6e828b616282a90d8e942cfbe7b62cd394e77ecd0791087389361287dd6560d";

  @TempDir Path dir;

  @Test
  void theLedgerWritesTheDocumentedVectors() throws Exception {
    TestIdentity id = TestIdentity.rfc8032Test1();
    SetClock clock = new SetClock("2026-01-01T00:00:00Z");
    try (Node node = new Node(dir, id, id.nodeId())) {
      node.clock = clock;
      node.open();
      Entry genesis = node.ledger.mint(ACTOR, Amounts.parse("1000"), Currency.IPPC, "genesis");
      clock.now = Instant.parse("2026-01-01T00:00:01Z");
      var reservation =
          node.metering.reserve(ACTOR, node.metering.quote(new Action.LlmInference(1500, "x")));
      Entry charge =
          node.metering.settle(reservation, new Action.LlmInference(1500, "llama-3-8b")).get();
      charge =
          new Entry(
              charge.actor(),
              charge.sequence(),
              charge.previous(),
              charge.hash(),
              charge.timestamp(),
              charge.action(),
              charge.postings(),
              charge.outcome(),
              "",
              charge.signature());

      assertThat(id.nodeId().toString()).isEqualTo(ACTOR);
      assertVector(genesis, GENESIS_BYTES, GENESIS_HASH, GENESIS_SIGNATURE);
      assertThat(genesis.previous()).isEqualTo(Hash.ZERO);
      assertThat(EntryCodec.signingMessage(genesis.hash()))
          .asHexString()
          .isEqualToIgnoringCase(
              "736f7665726569676e2f6c65646765722f656e7472792f763100" + GENESIS_HASH);
      assertThat(charge.previous().toString()).isEqualTo(GENESIS_HASH);
      assertThat(charge.postings())
          .containsExactly(
              new Posting(ACTOR, Currency.IPPC, -40_000_000),
              new Posting(Accounts.TREASURY, Currency.IPPC, 40_000_000));
    }
  }

  @Test
  void theInferenceVectorEncodesAsDocumented() {
    Entry e = inference(Hash.parse(GENESIS_HASH));
    assertVector(e, INFERENCE_BYTES, INFERENCE_HASH, INFERENCE_SIGNATURE);
  }

  @Test
  void decodingGivesBackTheEntry() {
    Entry e = inference(Hash.parse(GENESIS_HASH));
    Entry back = EntryCodec.decode(EntryCodec.encode(e), e.previous(), e.signature());
    assertThat(back).isEqualTo(e);
    for (Action a :
        List.of(
            new Action.ToolExec("grep"),
            new Action.SandboxExec("wasm-skill", 1234),
            new Action.EvolutionSim("proposal-7"),
            new Action.BountyPayout("r-1"),
            new Action.DaoFee(),
            new Action.Transfer(),
            new Action.Mint(),
            new Action.Genesis())) {
      Entry x = with(e, a, Outcome.FAIL, "mémo ✓");
      assertThat(EntryCodec.decode(EntryCodec.encode(x), x.previous(), x.signature())).isEqualTo(x);
    }
  }

  @Test
  void decodingIsStrict() {
    byte[] bytes = HexFormat.of().parseHex(INFERENCE_BYTES);
    byte[] signature = new byte[64];
    Hash previous = Hash.ZERO;

    byte[] longer = Arrays.copyOf(bytes, bytes.length + 1);
    assertThatThrownBy(() -> EntryCodec.decode(longer, previous, signature))
        .hasMessage("1 bytes follow the last field");
    byte[] shorter = Arrays.copyOf(bytes, bytes.length - 1);
    assertThatThrownBy(() -> EntryCodec.decode(shorter, previous, signature))
        .hasMessageContaining("end");
    byte[] version = bytes.clone();
    version[0] = 2;
    assertThatThrownBy(() -> EntryCodec.decode(version, previous, signature))
        .hasMessage("encoding version 2 is not 1");
    byte[] action = bytes.clone();
    action[49] = 99;
    assertThatThrownBy(() -> EntryCodec.decode(action, previous, signature))
        .hasMessage("no action type has code 99");
    byte[] utf8 = bytes.clone();
    utf8[66] = (byte) 0xff; // inside the model name
    assertThatThrownBy(() -> EntryCodec.decode(utf8, previous, signature))
        .hasMessage("a string is not valid UTF-8");
  }

  private static void assertVector(Entry e, String bytes, String hash, String signature) {
    assertThat(HexFormat.of().formatHex(EntryCodec.encode(e))).isEqualTo(bytes);
    assertThat(e.hash().toString()).isEqualTo(hash);
    assertThat(EntryCodec.hash(e.previous(), EntryCodec.encode(e)).toString()).isEqualTo(hash);
    assertThat(HexFormat.of().formatHex(e.signature())).isEqualTo(signature);
    assertThat(
            TestIdentity.rfc8032Test1()
                .verify(NodeId.parse(ACTOR), EntryCodec.signingMessage(e.hash()), e.signature()))
        .isTrue();
  }

  private static Entry inference(Hash previous) {
    return new Entry(
        NodeId.parse(ACTOR),
        1,
        previous,
        Hash.parse(INFERENCE_HASH),
        Instant.parse("2026-01-01T00:00:01Z"),
        new Action.LlmInference(1500, "llama-3-8b"),
        List.of(
            new Posting(ACTOR, Currency.IPPC, -40_000_000),
            new Posting(Accounts.TREASURY, Currency.IPPC, 40_000_000)),
        Outcome.SUCCESS,
        "",
        HexFormat.of().parseHex(INFERENCE_SIGNATURE));
  }

  private static Entry with(Entry e, Action a, Outcome outcome, String memo) {
    Entry draft =
        new Entry(
            e.actor(),
            e.sequence(),
            e.previous(),
            e.hash(),
            e.timestamp(),
            a,
            e.postings(),
            outcome,
            memo,
            e.signature());
    return new Entry(
        e.actor(),
        e.sequence(),
        e.previous(),
        EntryCodec.hash(e.previous(), EntryCodec.encode(draft)),
        e.timestamp(),
        a,
        e.postings(),
        outcome,
        memo,
        e.signature());
  }
}
