package sovereign.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sovereign.api.ledger.Accounts;
import sovereign.api.ledger.Action;
import sovereign.api.ledger.Amounts;
import sovereign.api.ledger.Currency;
import sovereign.api.ledger.Entry;
import sovereign.api.ledger.Outcome;
import sovereign.api.ledger.Quote;
import sovereign.api.ledger.RefusedException;
import sovereign.api.ledger.Reservation;
import sovereign.testing.Configs;

class MeteringTest {

  @TempDir Path dir;

  private Node node;

  @BeforeEach
  void open() throws Exception {
    node = Node.authority(dir).open();
  }

  @AfterEach
  void close() throws Exception {
    node.close();
  }

  @Test
  void theDefaultCostsAreTheSpecs() {
    assertThat(node.metering.quote(new Action.LlmInference(1000, "m")).cost())
        .isEqualTo(Amounts.parse("30"));
    assertThat(node.metering.quote(new Action.SandboxExec("s", 2500)).cost())
        .isEqualTo(Amounts.parse("125"));
    assertThat(node.metering.quote(new Action.SandboxExec("s", 1)).cost())
        .isEqualTo(Amounts.parse("0.05"));
    assertThat(node.metering.quote(new Action.ToolExec("t")).cost()).isEqualTo(Amounts.parse("1"));
    assertThat(node.metering.quote(new Action.EvolutionSim("p")).cost())
        .isEqualTo(Amounts.parse("100"));
  }

  @Test
  void multiplierAndRiskScaleTheVariablePartRoundingUp() {
    node.metering.configure(
        Configs.of(
            MeteringConfig.class,
            Map.of("multiplier", "1.5", "inferenceRisk", "2", "inferencePerToken", "0.000001")));

    assertThat(node.metering.quote(new Action.LlmInference(1000, "m")).cost())
        .isEqualTo(Amounts.parse("10.003"));
    assertThat(node.metering.quote(new Action.LlmInference(1, "m")).cost())
        .isEqualTo(Amounts.parse("10.000003"));
  }

  @Test
  void aBadCostIsRefusedNamingIt() {
    assertThatThrownBy(
            () -> CostTable.of(Configs.of(MeteringConfig.class, Map.of("sandboxPerSecond", "x"))))
        .hasMessage(
            "configuration sovereign.ledger.metering: sandboxPerSecond: 'x' is not an amount;"
                + " write it in whole units with a dot, e.g. 12.5");
    assertThatThrownBy(() -> node.metering.quote(new Action.Transfer()))
        .hasMessageStartingWith("TRANSFER is not metered");
  }

  @Test
  void reserveHoldsSettleChargesTheActualCostToTheTreasury() {
    node.mint(node.wallet(), "200");
    Reservation r =
        node.metering.reserve(
            node.wallet(), node.metering.quote(new Action.LlmInference(4000, "m")));

    assertThat(node.ledger.wallet(node.wallet()).available(Currency.IPPC))
        .isEqualTo(Amounts.parse("110"));
    Entry charge = node.metering.settle(r, new Action.LlmInference(1500, "m"), Outcome.FAIL).get();

    assertThat(charge.outcome()).isEqualTo(Outcome.FAIL);
    assertThat(charge.memo()).isEqualTo("reservation " + r.id());
    assertThat(node.ippc(node.wallet())).isEqualTo(Amounts.parse("160"));
    assertThat(node.ippc(Accounts.TREASURY)).isEqualTo(Amounts.parse("40"));
    assertThat(node.ledger.wallet(node.wallet()).held()).isEmpty();
    assertThatThrownBy(() -> node.metering.settle(r, new Action.LlmInference(1, "m")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("reservation " + r.id() + " is not open");
  }

  @Test
  void anActionTheWalletCannotAffordIsRefusedBeforeItRuns() {
    node.mint(node.wallet(), "120");
    node.metering.reserve(node.wallet(), node.metering.quote(new Action.EvolutionSim("p")));

    assertThatThrownBy(
            () ->
                node.metering.reserve(
                    node.wallet(),
                    node.metering.quote(new Action.LlmInference(1000, "m"), Quote.Purpose.BOUNTY)))
        .isInstanceOf(RefusedException.class)
        .hasMessage(
            "wallet "
                + node.wallet()
                + " cannot afford LLM_INFERENCE: it costs 30 IPPC, 20 IPPC is available");
  }

  @Test
  void heldFundsCannotBeTransferredAway() {
    node.mint(node.wallet(), "150");
    node.metering.reserve(node.wallet(), node.metering.quote(new Action.EvolutionSim("p")));

    assertThatThrownBy(
            () ->
                node.ledger.transfer(
                    TestIdentity.random().nodeId().toString(),
                    Amounts.parse("51"),
                    Currency.IPPC,
                    ""))
        .isInstanceOf(RefusedException.class)
        .hasMessageContaining("of which 100 IPPC is reserved");
  }

  @Test
  void aWalletInWorkerModeMayOnlyDoBountyWork() {
    node.mint(node.wallet(), "99");
    Quote explore = node.metering.quote(new Action.ToolExec("search"));
    Quote bounty = node.metering.quote(new Action.ToolExec("search"), Quote.Purpose.BOUNTY);

    assertThatThrownBy(() -> node.metering.reserve(node.wallet(), explore))
        .isInstanceOf(RefusedException.class)
        .hasMessage(
            "wallet "
                + node.wallet()
                + " is in WORKER mode (99 IPPC available, below the floor of 100 IPPC):"
                + " exploratory TOOL_EXEC is refused; paid bounty work still runs");
    Reservation r = node.metering.reserve(node.wallet(), bounty);
    assertThat(node.metering.settle(r, new Action.ToolExec("search"))).isPresent();
    assertThat(node.ippc(node.wallet())).isEqualTo(Amounts.parse("98"));
  }

  @Test
  void aChargeAboveWhatTheWalletHoldsIsCappedNeverOverdrawn() {
    node.mint(node.wallet(), "105");
    Reservation r =
        node.metering.reserve(
            node.wallet(), node.metering.quote(new Action.SandboxExec("s", 1000)));

    Entry charge = node.metering.settle(r, new Action.SandboxExec("s", 60_000)).get();

    assertThat(node.ippc(node.wallet())).isZero();
    assertThat(charge.memo())
        .isEqualTo("reservation " + r.id() + ", capped from 3000: the wallet could not pay more");
  }

  @Test
  void releaseFreesTheHoldWithoutACharge() {
    node.mint(node.wallet(), "100");
    Reservation r =
        node.metering.reserve(node.wallet(), node.metering.quote(new Action.ToolExec("t")));

    node.metering.release(r);

    assertThat(node.ledger.wallet(node.wallet()).available(Currency.IPPC))
        .isEqualTo(Amounts.parse("100"));
    assertThat(node.ledger.heads().get(node.identity.nodeId()).sequence()).isZero();
    assertThatThrownBy(() -> node.metering.release(r)).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void reservationsLeftOpenByACrashAreReleasedOnRestart() throws Exception {
    node.mint(node.wallet(), "300");
    Reservation r =
        node.metering.reserve(node.wallet(), node.metering.quote(new Action.EvolutionSim("p")));
    node.metering.reserve(node.wallet(), node.metering.quote(new Action.EvolutionSim("q")));
    assertThat(node.ledger.wallet(node.wallet()).available(Currency.IPPC))
        .isEqualTo(Amounts.parse("100"));

    node.reopen();

    assertThat(node.ledger.wallet(node.wallet()).available(Currency.IPPC))
        .isEqualTo(Amounts.parse("300"));
    assertThat(node.warnings)
        .contains("2 metering reservation(s) left open by the last run released (200 IPPC)");
    assertThatThrownBy(() -> node.metering.settle(r, new Action.EvolutionSim("p")))
        .hasMessageContaining("released when the ledger restarted");
    assertThat(node.ledger.verify().ok()).isTrue();
  }

  @Test
  void onlyThisNodesWalletIsMetered() {
    String other = TestIdentity.random().nodeId().toString();
    assertThatThrownBy(
            () -> node.metering.reserve(other, node.metering.quote(new Action.ToolExec("t"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("'" + other + "' is not this node's wallet");
  }
}
