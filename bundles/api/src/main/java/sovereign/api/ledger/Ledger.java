package sovereign.api.ledger;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.osgi.annotation.versioning.ProviderType;
import sovereign.api.identity.NodeId;

/**
 * The node's view of the swarm ledger: this node's own chain, which it appends to and signs, and
 * the chains of other actors it imported. Balances are a fold over all of them. Nothing is ever
 * updated or deleted. See docs/ledger.md.
 */
@ProviderType
public interface Ledger {

  /**
   * Appends an entry to this node's chain, signed by this node, after checking every invariant.
   *
   * @throws RefusedException if the entry is unbalanced, overdraws a wallet, debits an account this
   *     node may not debit, or the chain is broken
   */
  Entry append(Action action, List<Posting> postings, Outcome outcome, String memo);

  /**
   * Pays {@code amount} of {@code currency} from this node's wallet to {@code to}.
   *
   * @throws RefusedException if the wallet cannot afford it
   */
  Entry transfer(String to, long amount, Currency currency, String memo);

  /**
   * Creates money into {@code account}: a GENESIS entry if this node's chain is empty, else MINT.
   *
   * @throws RefusedException unless this node is a mint authority
   */
  Entry mint(String account, long amount, Currency currency, String memo);

  /**
   * Imports an entry of another actor, if it extends that actor's chain as held here and its hash
   * and signature verify. An entry already held is {@code ALREADY_RECORDED}; a different entry at a
   * sequence already held is an {@code EQUIVOCATION}: both are kept and the actor is flagged.
   */
  ImportResult importEntry(Entry entry);

  /**
   * Issues a contribution receipt signed by this node and pays its reward from this node's wallet
   * (BOUNTY_PAYOUT whose target is the receipt id), in one transaction.
   *
   * @throws RefusedException if the wallet cannot afford the reward
   */
  Receipt issueReceipt(String contributor, String work, long reward, Currency currency);

  /**
   * Records a receipt issued by any node, if its signature verifies. One submitted before is {@code
   * ALREADY_RECORDED} (and audited): it is never credited twice.
   */
  ImportResult submitReceipt(Receipt receipt);

  /** A receipt by id. */
  Optional<Receipt> receipt(String id);

  /** The balances of an account, per currency. */
  Map<Currency, Long> balances(String account);

  /** An account's wallet: balances, holds, reputation, locked flag, mode. */
  Wallet wallet(String account);

  /** The newest {@code limit} entries that post to {@code account}, newest first. */
  List<Entry> history(String account, int limit);

  /** An actor's entry at a sequence. */
  Optional<Entry> entry(NodeId actor, long sequence);

  /** The last entry held of each actor's chain. */
  Map<NodeId, Head> heads();

  /** The actors flagged for equivocation. */
  Set<NodeId> flagged();

  /** The proofs of equivocation held. */
  List<Equivocation> equivocations();

  /**
   * Recomputes every hash, link, signature, balance and invariant. If something is wrong the ledger
   * refuses appends until a later verification passes.
   */
  Verification verify();

  /** A settlement snapshot of the current state. */
  Snapshot snapshot();

  /**
   * Writes every entry as one JSON object per line (by actor, then sequence).
   *
   * @return the number of entries written
   */
  long export(OutputStream out) throws IOException;
}
