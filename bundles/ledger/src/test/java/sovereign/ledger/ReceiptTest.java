package sovereign.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sovereign.api.ledger.Action;
import sovereign.api.ledger.Amounts;
import sovereign.api.ledger.Currency;
import sovereign.api.ledger.Entry;
import sovereign.api.ledger.ImportResult;
import sovereign.api.ledger.ImportResult.Status;
import sovereign.api.ledger.Receipt;

class ReceiptTest {

  @TempDir Path dir;

  private Node issuer;
  private Node worker;

  @BeforeEach
  void open() throws Exception {
    issuer = Node.authority(dir.resolve("issuer")).open();
    worker =
        new Node(dir.resolve("worker"), TestIdentity.random(), issuer.identity.nodeId()).open();
    issuer.mint(issuer.wallet(), "100");
  }

  @AfterEach
  void close() throws Exception {
    issuer.close();
    worker.close();
  }

  @Test
  void anIssuedReceiptIsSignedAndPaidOnceInOneTransaction() {
    Receipt r =
        issuer.ledger.issueReceipt(
            worker.wallet(), "fixed bug 12", Amounts.parse("7"), Currency.IPPC);

    Entry payout = issuer.ledger.history(worker.wallet(), 1).get(0);
    assertThat(payout.action()).isEqualTo(new Action.BountyPayout(r.id()));
    assertThat(issuer.ippc(worker.wallet())).isEqualTo(Amounts.parse("7"));
    assertThat(issuer.ledger.receipt(r.id())).contains(r);
    assertThat(r.id()).matches("[0-9a-f]{32}");
    assertThat(issuer.identity.verify(r.issuer(), ReceiptCodec.signingMessage(r), r.signature()))
        .isTrue();
    assertThat(issuer.ledger.wallet(worker.wallet()).reputation()).isEqualTo(1);
  }

  @Test
  void aReceiptSubmittedTwiceIsAlreadyRecordedNeverCreditedTwiceAndAudited() throws Exception {
    Receipt r =
        issuer.ledger.issueReceipt(worker.wallet(), "review", Amounts.parse("3"), Currency.IPPC);
    for (long s = 0; s <= 1; s++) {
      worker.ledger.importEntry(issuer.ledger.entry(issuer.identity.nodeId(), s).orElseThrow());
    }

    assertThat(worker.ledger.submitReceipt(r)).isEqualTo(ImportResult.added());
    assertThat(worker.ledger.submitReceipt(r)).isEqualTo(ImportResult.alreadyRecorded());
    assertThat(issuer.ledger.submitReceipt(r)).isEqualTo(ImportResult.alreadyRecorded());
    Entry payout = issuer.ledger.entry(issuer.identity.nodeId(), 1).orElseThrow();
    assertThat(worker.ledger.importEntry(payout).status()).isEqualTo(Status.ALREADY_RECORDED);

    assertThat(worker.ippc(worker.wallet())).isEqualTo(Amounts.parse("3"));
    assertThat(worker.ledger.wallet(worker.wallet()).reputation()).isEqualTo(1);
    assertThat(worker.warnings)
        .containsExactly(
            "replay of receipt " + r.id() + ": receipt submitted again",
            "replay of entry " + payout.name() + ": entry " + payout.hash() + " submitted again");
    assertThat(Verifier.count(worker.ledger.engine(), "SELECT COUNT(*) FROM replays")).isEqualTo(2);
  }

  @Test
  void aForgedOrAlteredReceiptIsRejected() {
    Receipt r = issuer.ledger.issueReceipt(worker.wallet(), "review", 0, Currency.IPPC);
    Receipt inflated =
        new Receipt(
            r.id(),
            r.issuer(),
            r.contributor(),
            r.work(),
            r.currency(),
            Amounts.parse("1000"),
            r.timestamp(),
            r.signature());
    Receipt sameIdOtherWork =
        new Receipt(
            r.id(),
            worker.identity.nodeId(),
            r.contributor(),
            "other",
            r.currency(),
            0,
            r.timestamp(),
            worker.identity.sign(
                ReceiptCodec.signingMessage(
                    new Receipt(
                        r.id(),
                        worker.identity.nodeId(),
                        r.contributor(),
                        "other",
                        r.currency(),
                        0,
                        r.timestamp(),
                        new byte[64]))));

    assertThat(worker.ledger.submitReceipt(inflated).status()).isEqualTo(Status.REJECTED);
    assertThat(worker.ledger.submitReceipt(r).status()).isEqualTo(Status.ADDED);
    assertThat(worker.ledger.submitReceipt(sameIdOtherWork))
        .isEqualTo(
            ImportResult.rejected(
                "receipt id " + r.id() + " is already recorded with other content"));
  }
}
