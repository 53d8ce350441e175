package sovereign.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sovereign.api.ledger.Accounts;
import sovereign.api.ledger.Action;
import sovereign.api.ledger.ActionType;
import sovereign.api.ledger.Amounts;
import sovereign.api.ledger.Currency;
import sovereign.api.ledger.Entry;
import sovereign.api.ledger.Hash;
import sovereign.api.ledger.Outcome;
import sovereign.api.ledger.Posting;
import sovereign.api.ledger.RefusedException;
import sovereign.api.ledger.Wallet;

class LedgerServiceTest {

  @TempDir Path dir;

  private Node node;

  @AfterEach
  void close() throws Exception {
    if (node != null) {
      node.close();
    }
  }

  private String stranger() {
    return TestIdentity.random().nodeId().toString();
  }

  @Test
  void theFirstMintOfAnAuthorityIsItsGenesisAndLaterOnesAreMints() throws Exception {
    node = Node.authority(dir).open();
    Entry genesis = node.ledger.mint(node.wallet(), Amounts.parse("1000"), Currency.IPPC, "start");
    Entry mint = node.ledger.mint(node.wallet(), Amounts.parse("5"), Currency.ETH, "");

    assertThat(genesis.action().type()).isEqualTo(ActionType.GENESIS);
    assertThat(genesis.sequence()).isZero();
    assertThat(genesis.previous()).isEqualTo(Hash.ZERO);
    assertThat(mint.action().type()).isEqualTo(ActionType.MINT);
    assertThat(mint.previous()).isEqualTo(genesis.hash());
    assertThat(node.ledger.balances(node.wallet()))
        .containsEntry(Currency.IPPC, 1_000_000_000L)
        .containsEntry(Currency.ETH, 5_000_000L);
    assertThat(node.ledger.balances(Accounts.MINT)).containsEntry(Currency.IPPC, -1_000_000_000L);
  }

  @Test
  void aNodeThatIsNotAMintAuthorityCannotMint() throws Exception {
    node = new Node(dir, TestIdentity.random()).open();

    assertThatThrownBy(() -> node.mint(node.wallet(), "10"))
        .isInstanceOf(RefusedException.class)
        .hasMessageContaining("is not a mint authority (configuration sovereign.ledger");
    assertThat(node.ledger.heads()).isEmpty();
  }

  @Test
  void aTransferMovesMoneyAndSurvivesARestart() throws Exception {
    node = Node.authority(dir).open();
    node.mint(node.wallet(), "100");
    String bob = stranger();

    Entry e = node.ledger.transfer(bob, Amounts.parse("12.5"), Currency.IPPC, "thanks");
    node.reopen();

    assertThat(e.postings())
        .containsExactly(
            new Posting(node.wallet(), Currency.IPPC, -12_500_000),
            new Posting(bob, Currency.IPPC, 12_500_000));
    assertThat(node.ippc(node.wallet())).isEqualTo(87_500_000);
    assertThat(node.ippc(bob)).isEqualTo(12_500_000);
    assertThat(node.ledger.entry(node.identity.nodeId(), 1)).contains(e);
    assertThat(node.ledger.verify().ok()).isTrue();
  }

  @Test
  void aTransferTheWalletCannotAffordIsRefusedAndNothingIsWritten() throws Exception {
    node = Node.authority(dir).open();
    node.mint(node.wallet(), "10");

    assertThatThrownBy(
            () -> node.ledger.transfer(stranger(), Amounts.parse("10.000001"), Currency.IPPC, ""))
        .isInstanceOf(RefusedException.class)
        .hasMessage(node.wallet() + " cannot afford 10.000001 IPPC: its balance is 10 IPPC");
    assertThat(node.ledger.heads().get(node.identity.nodeId()).sequence()).isZero();
  }

  @Test
  void anUnbalancedEntryIsRefused() throws Exception {
    node = Node.authority(dir).open();
    node.mint(node.wallet(), "10");

    assertThatThrownBy(
            () ->
                node.ledger.append(
                    new Action.DaoFee(),
                    List.of(
                        new Posting(node.wallet(), Currency.IPPC, -2),
                        new Posting(Accounts.TREASURY, Currency.IPPC, 1)),
                    Outcome.SUCCESS,
                    ""))
        .isInstanceOf(RefusedException.class)
        .hasMessage("postings in IPPC sum to -0.000001, not 0: an entry must balance");
  }

  @Test
  void aNodeCannotDebitAnotherWalletOrTheTreasuryOrTheMint() throws Exception {
    node = new Node(dir, TestIdentity.random()).open();
    String other = stranger();

    assertThatThrownBy(
            () ->
                node.ledger.append(
                    new Action.Transfer(),
                    List.of(
                        new Posting(other, Currency.IPPC, -1),
                        new Posting(node.wallet(), Currency.IPPC, 1)),
                    Outcome.SUCCESS,
                    ""))
        .hasMessage("debits wallet " + other + ", which only its owner may debit");
    assertThatThrownBy(
            () ->
                node.ledger.append(
                    new Action.Transfer(),
                    List.of(
                        new Posting(Accounts.TREASURY, Currency.IPPC, -1),
                        new Posting(node.wallet(), Currency.IPPC, 1)),
                    Outcome.SUCCESS,
                    ""))
        .hasMessage("debits the treasury, which only a mint authority may do");
    assertThatThrownBy(
            () ->
                node.ledger.append(
                    new Action.Transfer(),
                    List.of(
                        new Posting(Accounts.MINT, Currency.IPPC, -1),
                        new Posting(node.wallet(), Currency.IPPC, 1)),
                    Outcome.SUCCESS,
                    ""))
        .hasMessage("TRANSFER posts to the mint account; only GENESIS and MINT may");
  }

  @Test
  void userErrorsQuoteTheInput() throws Exception {
    node = Node.authority(dir).open();

    assertThatThrownBy(() -> node.ledger.transfer("bob", 1, Currency.IPPC, ""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("'bob' is not an account: use a NodeID (12D3KooW…), mint or treasury");
    assertThatThrownBy(() -> node.ledger.transfer(node.wallet(), 1, Currency.IPPC, ""))
        .hasMessage("'" + node.wallet() + "' is this node's own wallet");
    assertThatThrownBy(() -> node.ledger.history(node.wallet(), 0))
        .hasMessage("'0' entries cannot be listed: ask for 1 to 10000");
  }

  @Test
  void historyListsTheEntriesOfAnAccountNewestFirst() throws Exception {
    node = Node.authority(dir).open();
    node.mint(node.wallet(), "100");
    String bob = stranger();
    Entry first = node.ledger.transfer(bob, 1, Currency.IPPC, "1");
    Entry second = node.ledger.transfer(bob, 2, Currency.IPPC, "2");
    node.ledger.transfer(stranger(), 3, Currency.IPPC, "3");

    assertThat(node.ledger.history(bob, 10)).containsExactly(second, first);
    assertThat(node.ledger.history(node.wallet(), 2)).hasSize(2);
  }

  @Test
  void aWalletBelowTheFloorIsInWorkerMode() throws Exception {
    node = Node.authority(dir).open();
    node.mint(node.wallet(), "99.999999");
    assertThat(node.ledger.wallet(node.wallet()).mode()).isEqualTo(Wallet.Mode.WORKER);
    node.mint(node.wallet(), "0.000001");
    Wallet w = node.ledger.wallet(node.wallet());
    assertThat(w.mode()).isEqualTo(Wallet.Mode.NORMAL);
    assertThat(w.locked()).isFalse();
    assertThat(w.balance(Currency.IPPC)).isEqualTo(100_000_000);
    assertThat(node.ledger.wallet(Accounts.MINT).mode()).isEqualTo(Wallet.Mode.NORMAL);
  }
}
