package sovereign.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sovereign.api.ledger.Amounts;
import sovereign.api.ledger.Currency;
import sovereign.api.ledger.RefusedException;
import sovereign.api.ledger.Verification;
import sovereign.api.ledger.Verification.Problem;

/**
 * Editing ledger.db behind the ledger's back, with its triggers dropped, is always detected: by the
 * start check or by verification, which names the first bad entry; the ledger then refuses to
 * append until a verification passes again.
 */
class TamperTest {

  @TempDir Path dir;

  private Node node;
  private String actor;
  private Path backup;

  @BeforeEach
  void write() throws Exception {
    node = Node.authority(dir.resolve("node")).open();
    actor = node.wallet();
    node.mint(actor, "1000");
    for (int i = 0; i < 200; i++) {
      String to = TestIdentity.random().nodeId().toString();
      node.ledger.transfer(to, Amounts.parse("1.5"), Currency.IPPC, "payment " + i);
    }
    node.close();
    backup = dir.resolve("backup.db");
    Files.copy(node.file(), backup);
  }

  @AfterEach
  void close() throws Exception {
    node.close();
  }

  @Test
  void theDatabaseItselfRefusesToUpdateOrDeleteAnEntry() throws Exception {
    try (Connection c = LedgerFile.raw(node.file())) {
      assertThatThrownBy(() -> c.createStatement().executeUpdate("DELETE FROM entries"))
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("entries is append-only");
      assertThatThrownBy(
              () -> c.createStatement().executeUpdate("UPDATE postings SET amount = amount + 1"))
          .hasMessageContaining("postings is append-only");
    }
  }

  @Test
  void aChangedAmountInAnEntryIsFoundAtThatEntry() throws Exception {
    byte[] body = LedgerFile.column(node.file(), "body", 7);
    body[body.length - 20] ^= 1; // inside the last posting's amount
    LedgerFile.update(node.file(), "UPDATE entries SET body = ? WHERE sequence = 7", body);

    assertDetected(7, "is not the hash of its content");
  }

  @Test
  void aChangedAmountInThePostingsTableIsFoundWhenTheLedgerOpens() throws Exception {
    LedgerFile.tamper(
        node.file(), "UPDATE postings SET amount = amount + 1 WHERE entry = 12 AND amount > 0");

    node.open();

    assertThat(node.ledger.engine().broken()).contains("its postings sum to");
    assertRefusesAppends();
    assertThat(node.ledger.verify().problem().orElseThrow().what())
        .startsWith("the rows of ")
        .endsWith(" in IPPC in the postings table differ from what the signed entries post there");
  }

  @Test
  void aChangedBalanceIsFoundWhenTheLedgerOpens() throws Exception {
    LedgerFile.tamper(
        node.file(),
        "UPDATE balances SET amount = amount + 1000000 WHERE account = '" + actor + "'");

    node.open();

    assertThat(node.ledger.engine().broken()).contains("the balances table gives " + actor);
    assertRefusesAppends();
  }

  @Test
  void anAmountChangedWithItsHashRecomputedBreaksTheSignature() throws Exception {
    byte[] body = LedgerFile.column(node.file(), "body", 9);
    body[body.length - 20] ^= 1;
    byte[] hash = Bytes.sha256(LedgerFile.column(node.file(), "previous", 9), body);
    LedgerFile.update(
        node.file(), "UPDATE entries SET body = ?, hash = ? WHERE sequence = 9", body, hash);

    assertDetected(9, "signature does not verify");
  }

  @Test
  void aDeletedEntryIsFound() throws Exception {
    LedgerFile.tamper(node.file(), "DELETE FROM entries WHERE sequence = 50");

    node.open();
    assertThat(node.ledger.engine().broken()).contains("an entry is missing");
    assertRefusesAppends();
    assertThat(node.ledger.verify().problem())
        .contains(
            new Problem(
                actor,
                51,
                "it comes where #50 of the same actor should: an entry is missing or out of order"));
  }

  @Test
  void aDeletedLastEntryWithItsPostingsIsFound() throws Exception {
    LedgerFile.tamper(
        node.file(),
        "DELETE FROM postings WHERE entry = (SELECT MAX(position) FROM entries)",
        "DELETE FROM entries WHERE sequence = 200");

    node.open();

    assertThat(node.ledger.engine().broken()).contains("its postings sum to");
    assertThat(node.ledger.verify().ok()).isFalse();
  }

  @Test
  void reorderedEntriesAreFound() throws Exception {
    byte[][] a = {
      LedgerFile.column(node.file(), "body", 20),
      LedgerFile.column(node.file(), "hash", 20),
      LedgerFile.column(node.file(), "previous", 20),
      LedgerFile.column(node.file(), "signature", 20)
    };
    byte[][] b = {
      LedgerFile.column(node.file(), "body", 21),
      LedgerFile.column(node.file(), "hash", 21),
      LedgerFile.column(node.file(), "previous", 21),
      LedgerFile.column(node.file(), "signature", 21)
    };
    String sql =
        "UPDATE entries SET body = ?, hash = ?, previous = ?, signature = ? WHERE sequence = ?";
    LedgerFile.update(
        node.file(), sql.replace("?, hash", "?, hash"), b[0], zero(), b[2], b[3], 20L);
    LedgerFile.update(node.file(), sql, a[0], a[1], a[2], a[3], 21L);
    LedgerFile.update(node.file(), "UPDATE entries SET hash = ? WHERE sequence = 20", b[1]);

    assertDetected(20, "its columns name it but its signed bytes say " + actor + "#21");
  }

  @Test
  void aReplacedSignatureIsFound() throws Exception {
    LedgerFile.update(
        node.file(),
        "UPDATE entries SET signature = ? WHERE sequence = 100",
        LedgerFile.column(node.file(), "signature", 101));

    assertDetected(100, "its signature does not verify against the actor's NodeID");
  }

  @Test
  void aTruncatedFileIsFound() throws Exception {
    long size = Files.size(node.file());
    assertThat(size).isGreaterThan(16 * 4096);
    try (var channel =
        java.nio.channels.FileChannel.open(node.file(), java.nio.file.StandardOpenOption.WRITE)) {
      channel.truncate(size / 2);
    }

    Optional<String> failure;
    try {
      node.open();
      Verification v = node.ledger.verify();
      failure = v.problem().map(Problem::toString);
      assertRefusesAppends();
    } catch (SQLException e) {
      failure = Optional.of(e.getMessage());
    }
    assertThat(failure)
        .hasValueSatisfying(f -> assertThat(f).containsAnyOf("malformed", "damaged"));
  }

  @Test
  void afterARestoreFromABackupVerificationPassesAndAppendsResume() throws Exception {
    LedgerFile.tamper(node.file(), "DELETE FROM entries WHERE sequence = 50");
    node.open();
    assertRefusesAppends();
    node.close();
    Files.copy(backup, node.file(), StandardCopyOption.REPLACE_EXISTING);

    node.open();
    assertRefusesAppends(); // still: the operator has not verified yet
    assertThat(node.ledger.verify().ok()).isTrue();

    node.ledger.transfer(TestIdentity.random().nodeId().toString(), 1, Currency.IPPC, "");
    node.reopen();
    assertThat(node.ledger.engine().broken()).isNull();
  }

  // ---- helpers -------------------------------------------------------------------------------

  /** Opens the ledger and verifies: the first bad entry is named; appends are refused. */
  private void assertDetected(long sequence, String what) throws Exception {
    node.open();
    Verification v = node.ledger.verify();
    assertThat(v.ok()).isFalse();
    Problem p = v.problem().orElseThrow();
    assertThat(p.actor()).isEqualTo(actor);
    assertThat(p.sequence()).isEqualTo(sequence);
    assertThat(p.what()).contains(what);
    assertRefusesAppends();
    assertThat(node.ledger.verify().ok()).isFalse(); // verifying again does not clear it
    assertRefusesAppends();
  }

  private void assertRefusesAppends() {
    assertThatThrownBy(
            () ->
                node.ledger.transfer(
                    TestIdentity.random().nodeId().toString(), 1, Currency.IPPC, ""))
        .isInstanceOf(RefusedException.class)
        .hasMessageStartingWith("chain broken at ")
        .hasMessageContaining("; run ledger:verify, restore " + node.file() + " from a backup");
  }

  private static byte[] zero() {
    byte[] z = new byte[32];
    z[0] = 1;
    return z;
  }
}
