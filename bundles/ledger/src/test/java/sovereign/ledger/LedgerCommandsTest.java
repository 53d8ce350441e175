package sovereign.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sovereign.api.ledger.Action;
import sovereign.api.ledger.RefusedException;

class LedgerCommandsTest {

  @TempDir Path dir;

  private Node node;
  private LedgerCommands commands;
  private String bob;

  @BeforeEach
  void open() throws Exception {
    node = Node.authority(dir.resolve("node")).open();
    commands = new LedgerCommands();
    commands.ledger = node.ledger;
    commands.metering = node.metering;
    commands.identity = node.identity;
    bob = TestIdentity.random().nodeId().toString();
  }

  @AfterEach
  void close() throws Exception {
    node.close();
  }

  @Test
  void mintTransferAndBalancePrintWholeUnits() {
    assertThat(commands.mint(node.wallet(), "1000", "ippc"))
        .startsWith("GENESIS: 1000 IPPC to " + node.wallet() + " in entry " + node.wallet() + "#0");
    assertThat(commands.transfer(bob, "12.5", "IPPC", "for the review"))
        .startsWith("transferred 12.5 IPPC to " + bob + " in entry " + node.wallet() + "#1 (");

    assertThat(commands.balance())
        .isEqualTo(
            "Account     "
                + node.wallet()
                + "\nIPPC        987.5\nIUSD        0\nETH         0\nReputation  0 receipt(s)"
                + "\nLocked      no\nMode        NORMAL");
    assertThat(commands.balance(bob)).contains("IPPC        12.5\n").contains("Mode        WORKER");
  }

  @Test
  void balanceShowsHeldFunds() {
    commands.mint(node.wallet(), "200", "IPPC");
    node.metering.reserve(node.wallet(), node.metering.quote(new Action.EvolutionSim("p")));

    assertThat(commands.balance()).contains("IPPC        200 (100 available, 100 held)");
  }

  @Test
  void historyListsEntriesNewestFirstWithWhatEachPostedToTheAccount() {
    commands.mint(node.wallet(), "100", "IPPC");
    commands.transfer(bob, "1.25", "IPPC", "tea");
    commands.transfer(bob, "2", "IPPC");

    List<String> lines = commands.history(20, bob).lines().toList();

    assertThat(lines).hasSize(2);
    assertThat(lines.get(0)).contains(node.wallet() + "#2  TRANSFER  +2 IPPC  SUCCESS");
    assertThat(lines.get(1)).endsWith("#1  TRANSFER  +1.25 IPPC  SUCCESS  tea");
    assertThat(commands.history(1).lines()).hasSize(1);
    assertThat(commands.history(5, "treasury")).isEqualTo("no entries post to treasury");
  }

  @Test
  void quoteNamesTheActionAndItsCost() {
    assertThat(commands.quote("inference", "1500", "llama-3-8b"))
        .isEqualTo("LLM_INFERENCE{1500 tokens, llama-3-8b}: 40 IPPC");
    assertThat(commands.quote("sandbox", "wasm-skill", "2500"))
        .isEqualTo("SANDBOX_EXEC{wasm-skill, 2500 ms}: 125 IPPC");
    assertThat(commands.quote("tool", "grep")).isEqualTo("TOOL_EXEC{grep}: 1 IPPC");
    assertThat(commands.quote("EVOLUTION_SIM", "p-7")).isEqualTo("EVOLUTION_SIM{p-7}: 100 IPPC");
  }

  @Test
  void userErrorsQuoteTheInputAndSayWhatWorks() {
    assertThatThrownBy(() -> commands.quote("dance"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "'dance' is not a metered action; quote inference <tokens> <model>, tool <tool>,"
                + " sandbox <skill> <millis> or evolution <proposal>");
    assertThatThrownBy(() -> commands.quote("inference", "many", "m"))
        .hasMessage("'many' is not a number of tokens; give a whole number, e.g. 1500");
    assertThatThrownBy(() -> commands.quote("tool"))
        .hasMessageStartingWith("'tool' has 0 parameter(s), tool takes 1");
    assertThatThrownBy(() -> commands.transfer(bob, "1.1234567", "IPPC"))
        .hasMessageStartingWith("'1.1234567' has 7 decimals");
    assertThatThrownBy(() -> commands.transfer(bob, "-1", "IPPC"))
        .hasMessage("'-1' is not a positive amount; give one like 12.5");
    assertThatThrownBy(() -> commands.transfer(bob, "1", "DOGE"))
        .hasMessage("'DOGE' is not a currency; use one of IPPC, IUSD, ETH");
    assertThatThrownBy(() -> commands.transfer(bob, "1", "IPPC"))
        .isInstanceOf(RefusedException.class);
  }

  @Test
  void verifySnapshotAndExport() throws Exception {
    commands.mint(node.wallet(), "100", "IPPC");
    commands.transfer(bob, "1", "IPPC");

    assertThat(commands.verify()).isEqualTo("ok: 2 entries verified");
    String snapshot = commands.snapshot();
    assertThat(snapshot)
        .startsWith("{\n  \"format\" : \"sovereign-ledger-snapshot\",")
        .endsWith("sha256 " + node.ledger.snapshot().hash() + " (2 entries)");
    Path file = dir.resolve("entries.jsonl");
    assertThat(commands.export(file.toString())).isEqualTo("2 entries written to " + file);
    List<String> lines = Files.readAllLines(file);
    assertThat(lines).hasSize(2);
    assertThat(lines.get(1))
        .startsWith("{\"actor\":\"" + node.wallet() + "\",\"sequence\":1,")
        .contains("\"action\":{\"type\":\"TRANSFER\"}")
        .contains(
            "{\"account\":\""
                + bob
                + "\",\"currency\":\"IPPC\",\"micros\":1000000,\"amount\":\"1\"}");
    assertThatThrownBy(() -> commands.export(file.toString()))
        .hasMessage("'" + file + "' exists already; give the path of a new file");
  }
}
