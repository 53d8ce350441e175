package sovereign.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sovereign.api.ledger.Amounts;
import sovereign.api.ledger.Currency;
import sovereign.api.ledger.Entry;
import sovereign.api.ledger.ImportResult;
import sovereign.api.ledger.ImportResult.Status;
import sovereign.api.ledger.RefusedException;

class ImportTest {

  @TempDir Path dir;

  private Node mint;
  private Node peer;
  private final List<Node> extra = new ArrayList<>();

  @BeforeEach
  void open() throws Exception {
    mint = Node.authority(dir.resolve("mint")).open();
    peer = new Node(dir.resolve("peer"), TestIdentity.random(), mint.identity.nodeId()).open();
  }

  @AfterEach
  void close() throws Exception {
    mint.close();
    peer.close();
    for (Node n : extra) {
      n.close();
    }
  }

  private List<Entry> chain(Node node) {
    List<Entry> out = new ArrayList<>();
    long last = node.ledger.heads().get(node.identity.nodeId()).sequence();
    for (long s = 0; s <= last; s++) {
      out.add(node.ledger.entry(node.identity.nodeId(), s).orElseThrow());
    }
    return out;
  }

  @Test
  void aPeersChainIsImportedEntryByEntryAndItsMoneyCanBeSpent() {
    mint.mint(mint.wallet(), "100");
    mint.ledger.transfer(peer.wallet(), Amounts.parse("30"), Currency.IPPC, "");
    for (Entry e : chain(mint)) {
      assertThat(peer.ledger.importEntry(e)).isEqualTo(ImportResult.added());
    }

    Entry spent = peer.ledger.transfer(mint.wallet(), Amounts.parse("5"), Currency.IPPC, "back");

    assertThat(peer.ippc(peer.wallet())).isEqualTo(25_000_000);
    assertThat(mint.ledger.importEntry(spent)).isEqualTo(ImportResult.added());
    assertThat(mint.ippc(mint.wallet())).isEqualTo(75_000_000);
    assertThat(mint.ledger.snapshot().json()).isEqualTo(peer.ledger.snapshot().json());
    assertThat(peer.ledger.verify().ok()).isTrue();
  }

  @Test
  void anEntryImportedTwiceIsAlreadyRecordedAndAudited() {
    mint.mint(peer.wallet(), "10");
    Entry genesis = chain(mint).get(0);

    assertThat(peer.ledger.importEntry(genesis).status()).isEqualTo(Status.ADDED);
    assertThat(peer.ledger.importEntry(genesis).status()).isEqualTo(Status.ALREADY_RECORDED);

    assertThat(peer.ippc(peer.wallet())).isEqualTo(10_000_000);
    assertThat(peer.warnings)
        .containsExactly(
            "replay of entry " + genesis.name() + ": entry " + genesis.hash() + " submitted again");
  }

  @Test
  void anEntryThatDoesNotFollowTheHeldChainIsRejectedSayingWhatToImport() {
    mint.mint(mint.wallet(), "10");
    mint.mint(mint.wallet(), "10");
    Entry second = chain(mint).get(1);

    assertThat(peer.ledger.importEntry(second))
        .isEqualTo(
            ImportResult.rejected(
                second.name()
                    + " does not follow anything held here: this ledger holds none of the actor's"
                    + " entries; import the entries from #0 first"));
  }

  @Test
  void anAlteredOrForgedEntryIsRejected() {
    mint.mint(mint.wallet(), "10");
    Entry e = chain(mint).get(0);
    Entry altered =
        new Entry(
            e.actor(),
            e.sequence(),
            e.previous(),
            e.hash(),
            e.timestamp(),
            e.action(),
            List.of(e.postings().get(0), e.postings().get(1)),
            e.outcome(),
            "other memo",
            e.signature());
    byte[] sig = e.signature();
    sig[0] ^= 1;
    Entry forged = e.withSignature(sig);

    assertThat(peer.ledger.importEntry(altered).reason())
        .contains("is not the hash of its content");
    assertThat(peer.ledger.importEntry(forged).reason())
        .isEqualTo(e.name() + ": its signature does not verify against the actor's NodeID");
    assertThat(peer.ledger.heads()).isEmpty();
  }

  @Test
  void mintedMoneyFromAnActorThatIsNotAnAuthorityHereIsRejected() throws Exception {
    Node rogue = Node.authority(dir.resolve("rogue")).open();
    extra.add(rogue);
    rogue.mint(rogue.wallet(), "1000000");
    Entry e = rogue.ledger.entry(rogue.identity.nodeId(), 0).orElseThrow();

    ImportResult result = peer.ledger.importEntry(e);

    assertThat(result.status()).isEqualTo(Status.REJECTED);
    assertThat(result.reason()).contains("is not a mint authority");
  }

  @Test
  void twoEntriesOfOneActorAtOneSequenceAreAnEquivocationKeptAsProofAndTheActorIsLocked()
      throws Exception {
    mint.mint(mint.wallet(), "100");
    Entry genesis = chain(mint).get(0);
    Entry honest = mint.ledger.transfer(peer.wallet(), Amounts.parse("50"), Currency.IPPC, "a");
    // The same key writes a second history from the same genesis, elsewhere.
    Node twin = new Node(dir.resolve("twin"), mint.identity, mint.identity.nodeId()).open();
    extra.add(twin);
    twin.ledger.importEntry(genesis);
    String third = TestIdentity.random().nodeId().toString();
    Entry fork = twin.ledger.transfer(third, 1, Currency.IPPC, "b");
    Entry fork2 = twin.ledger.transfer(third, Amounts.parse("50"), Currency.IPPC, "c");
    assertThat(fork.sequence()).isEqualTo(honest.sequence());
    assertThat(fork.previous()).isEqualTo(honest.previous());

    peer.ledger.importEntry(genesis);
    peer.ledger.importEntry(honest);
    ImportResult result = peer.ledger.importEntry(fork);

    assertThat(result.status()).isEqualTo(Status.EQUIVOCATION);
    assertThat(peer.ledger.flagged()).containsExactly(mint.identity.nodeId());
    assertThat(peer.ledger.equivocations()).hasSize(1);
    assertThat(peer.ledger.equivocations().get(0).recorded()).isEqualTo(honest);
    assertThat(peer.ledger.equivocations().get(0).conflicting()).isEqualTo(fork);
    assertThat(peer.ledger.importEntry(fork).status()).isEqualTo(Status.ALREADY_RECORDED);
    assertThat(peer.ledger.wallet(mint.wallet()).locked()).isTrue();
    assertThat(peer.ledger.importEntry(fork2).status()).isEqualTo(Status.REJECTED);
    assertThat(peer.ippc(peer.wallet())).isEqualTo(50_000_000);
    assertThat(peer.warnings)
        .anyMatch(w -> w.startsWith("equivocation: " + mint.identity.nodeId()));

    peer.reopen();
    assertThat(peer.ledger.flagged()).containsExactly(mint.identity.nodeId());
    assertThat(peer.ledger.verify().ok()).isTrue();
    assertThat(peer.ledger.snapshot().json()).contains(fork.hash().toString());
  }

  @Test
  void anEquivocatingNodeCannotAppendOnTheLedgerThatCaughtIt() throws Exception {
    mint.mint(mint.wallet(), "100");
    Node twin = new Node(dir.resolve("twin"), mint.identity, mint.identity.nodeId()).open();
    extra.add(twin);
    twin.mint(twin.wallet(), "1");

    assertThat(mint.ledger.importEntry(chain(twin).get(0)).status()).isEqualTo(Status.EQUIVOCATION);
    assertThatThrownBy(() -> mint.mint(mint.wallet(), "1"))
        .isInstanceOf(RefusedException.class)
        .hasMessageContaining("flagged for equivocation");
    assertThat(mint.ledger.wallet(mint.wallet()).locked()).isTrue();
    assertThat(mint.ledger.heads().get(mint.identity.nodeId()).sequence()).isZero();
  }
}
