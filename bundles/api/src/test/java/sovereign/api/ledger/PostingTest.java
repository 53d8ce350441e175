package sovereign.api.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import sovereign.api.identity.NodeId;

class PostingTest {

  private static final NodeId NODE = NodeId.fromPublicKey(new byte[32]);

  @Test
  void accountsAreNodeIdsOrSystemAccounts() {
    assertThat(new Posting(NODE.toString(), Currency.IPPC, 5).account()).isEqualTo(NODE.toString());
    assertThat(new Posting("mint", Currency.ETH, -5).account()).isEqualTo(Accounts.MINT);
    assertThat(Accounts.isSystem(Accounts.TREASURY)).isTrue();
    assertThat(Accounts.isSystem(NODE.toString())).isFalse();
    assertThatThrownBy(() -> new Posting("alice", Currency.IPPC, 1))
        .hasMessage("'alice' is not an account: use a NodeID (12D3KooW…), mint or treasury");
  }

  @Test
  void aZeroPostingIsRefused() {
    assertThatThrownBy(() -> new Posting("mint", Currency.IPPC, 0))
        .hasMessage("a posting of zero to mint moves nothing");
  }

  @Test
  void currencyNamesParseIgnoringCaseAndCodesRoundTrip() {
    assertThat(Currency.parse("ippc")).isEqualTo(Currency.IPPC);
    for (Currency c : Currency.values()) {
      assertThat(Currency.ofCode(c.code())).isEqualTo(c);
    }
    for (ActionType t : ActionType.values()) {
      assertThat(ActionType.ofCode(t.code())).isEqualTo(t);
    }
    assertThatThrownBy(() -> Currency.parse("BTC"))
        .hasMessage("'BTC' is not a currency; use one of IPPC, IUSD, ETH");
  }

  @Test
  void actionsCheckTheirParameters() {
    assertThat(new Action.LlmInference(10, "m").type()).isEqualTo(ActionType.LLM_INFERENCE);
    assertThatThrownBy(() -> new Action.LlmInference(-1, "m"))
        .hasMessage("tokens is -1; it cannot be negative");
    assertThatThrownBy(() -> new Action.ToolExec(" ")).hasMessage("tool is missing");
    assertThatThrownBy(() -> new Action.SandboxExec("s".repeat(257), 1))
        .hasMessage("skill has 257 characters; at most 256");
    assertThat(ActionType.SANDBOX_EXEC.exploratory()).isTrue();
    assertThat(ActionType.BOUNTY_PAYOUT.exploratory()).isFalse();
  }

  @Test
  void entriesCheckTheirShapeAndCutTimestampsToMilliseconds() {
    Instant t = Instant.parse("2026-01-01T00:00:00.123456Z");
    List<Posting> postings = List.of(new Posting("mint", Currency.IPPC, -1));
    Entry e =
        new Entry(
            NODE,
            0,
            Hash.ZERO,
            Hash.ZERO,
            t,
            new Action.Mint(),
            postings,
            Outcome.SUCCESS,
            null,
            new byte[64]);
    assertThat(e.timestamp()).isEqualTo(Instant.parse("2026-01-01T00:00:00.123Z"));
    assertThat(e.memo()).isEmpty();
    assertThatThrownBy(
            () ->
                new Entry(
                    NODE,
                    -1,
                    Hash.ZERO,
                    Hash.ZERO,
                    t,
                    new Action.Mint(),
                    postings,
                    Outcome.SUCCESS,
                    "",
                    new byte[64]))
        .hasMessage("sequence -1 is negative");
    assertThatThrownBy(
            () ->
                new Entry(
                    NODE,
                    0,
                    Hash.ZERO,
                    Hash.ZERO,
                    t,
                    new Action.Mint(),
                    List.of(),
                    Outcome.SUCCESS,
                    "",
                    new byte[64]))
        .hasMessage("an entry has 1 to 64 postings, not 0");
    assertThatThrownBy(
            () ->
                new Entry(
                    NODE,
                    0,
                    Hash.ZERO,
                    Hash.ZERO,
                    t,
                    new Action.Mint(),
                    postings,
                    Outcome.SUCCESS,
                    "",
                    new byte[63]))
        .hasMessage("an Ed25519 signature has 64 bytes, got 63");
  }

  @Test
  void hashesParseFromHexAndCompareByValue() {
    Hash h = Hash.parse("00".repeat(31) + "ff");
    assertThat(h.toString()).isEqualTo("00".repeat(31) + "ff");
    assertThat(h).isEqualTo(Hash.parse(h.toString())).isGreaterThan(Hash.ZERO);
    assertThatThrownBy(() -> Hash.parse("xyz"))
        .hasMessage("'xyz' is not a hash: 64 hex digits expected");
  }
}
