package sovereign.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sovereign.api.deploy.HealthResult;
import sovereign.api.ledger.Amounts;
import sovereign.api.ledger.Currency;

/** The ledger's health check on a live ledger, and on one edited behind its back. */
class LedgerHealthCheckTest {

  @TempDir Path dir;

  private Node node;
  private final LedgerHealthCheck check = new LedgerHealthCheck();

  @BeforeEach
  void open() throws Exception {
    node = Node.authority(dir).open();
    check.ledger = node.ledger;
  }

  @AfterEach
  void close() throws Exception {
    node.close();
  }

  @Test
  void anEmptyLedgerIsHealthy() {
    HealthResult result = check.check();

    assertThat(result.healthy()).isTrue();
    assertThat(result.detail()).startsWith("ledger ok: empty");
  }

  @Test
  void aLiveLedgerIsHealthy() {
    write(100);

    HealthResult result = check.check();

    assertThat(result.healthy()).as(result.detail()).isTrue();
    assertThat(result.detail())
        .startsWith("ledger ok: the last 64 entries (to position 101, 1 chain(s))");
  }

  @Test
  void anEntryAlteredInTheFileIsFoundAndNamed() throws Exception {
    write(100);
    node.close(); // the file is edited while the bundle is stopped; the start check looks only
    // at the last entry of each chain, so it opens again. The stored hash is changed rather than
    // a byte of the body, which could make the body undecodable instead of merely altered.
    byte[] hash = LedgerFile.column(node.file(), "hash", 95);
    hash[7] ^= 1;
    LedgerFile.update(node.file(), "UPDATE entries SET hash = ? WHERE sequence = 95", hash);
    reopen();
    assertThat(node.ledger.engine().broken()).as("the start check did not see it").isNull();

    HealthResult result = check.check();

    assertThat(result.healthy()).isFalse();
    assertThat(result.detail())
        .isEqualTo(
            "ledger tail check failed: entry "
                + node.wallet()
                + "#95: its stored hash is not the hash of its content: the entry was altered");
  }

  @Test
  void aReplacedSignatureIsFound() throws Exception {
    write(100);
    node.close();
    LedgerFile.update(
        node.file(),
        "UPDATE entries SET signature = ? WHERE sequence = 80",
        LedgerFile.column(node.file(), "signature", 81));
    reopen();
    assertThat(node.ledger.engine().broken()).as("the start check did not see it").isNull();

    HealthResult result = check.check();

    assertThat(result.healthy()).isFalse();
    assertThat(result.detail())
        .contains("#80: its signature does not verify against the actor's NodeID");
  }

  @Test
  void aLastEntryRemovedFromTheFileOfARunningLedgerIsFound() throws Exception {
    write(10);
    // The running ledger's connection always holds the write lock, so edit through it.
    LedgerEngine engine = node.ledger.engine();
    engine.lockExclusive();
    try (Statement s = engine.store.connection().createStatement()) {
      LedgerFile.dropTriggers(s);
      s.executeUpdate("DELETE FROM postings WHERE entry = (SELECT MAX(position) FROM entries)");
      s.executeUpdate("DELETE FROM entries WHERE sequence = 10");
      engine.store.connection().commit();
    } finally {
      engine.unlockExclusive();
    }

    HealthResult result = check.check();

    assertThat(result.healthy()).isFalse();
    assertThat(result.detail())
        .contains("ends at #9 in ledger.db but at #10 in the running ledger");
  }

  @Test
  void aChainFoundBrokenAtStartIsUnhealthy() throws Exception {
    write(10);
    node.close();
    LedgerFile.tamper(
        node.file(),
        "UPDATE balances SET amount = amount + 1 WHERE account = '" + node.wallet() + "'");
    reopen();

    HealthResult result = check.check();

    assertThat(result.healthy()).isFalse();
    assertThat(result.detail()).startsWith("ledger chain broken at ");
  }

  @Test
  void aClosedLedgerIsUnhealthy() throws Exception {
    node.ledger.deactivate();

    HealthResult result = check.check();

    assertThat(result.healthy()).isFalse();
    assertThat(result.detail()).startsWith("ledger unusable: ledger closed");
  }

  private void reopen() throws SQLException {
    node.open();
    check.ledger = node.ledger;
  }

  /** A genesis and {@code transfers} transfers: entries #0 to #transfers of this node. */
  private void write(int transfers) {
    node.mint(node.wallet(), "1000");
    for (int i = 0; i < transfers; i++) {
      node.ledger.transfer(
          TestIdentity.random().nodeId().toString(), Amounts.parse("1"), Currency.IPPC, "p" + i);
    }
  }
}
