package sovereign.ledger;

import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import sovereign.api.identity.NodeId;
import sovereign.api.ledger.Entry;
import sovereign.api.ledger.Hash;
import sovereign.api.ledger.Head;
import sovereign.api.ledger.Verification.Problem;

/**
 * The check run each time the ledger opens, cheap enough for the boot deadline: SQLite's {@code
 * quick_check}; every chain has as many rows as its last sequence says; each chain's last entry
 * decodes, hashes, links and verifies; no posting row is orphaned; the balances table equals the
 * sums of the postings; every currency sums to zero. {@code ledger:verify} checks everything.
 */
final class StartCheck {

  private final LedgerEngine engine;

  StartCheck(LedgerEngine engine) {
    this.engine = engine;
  }

  Optional<Problem> run() throws SQLException {
    String damage = engine.store.quickCheck();
    if (damage != null) {
      return problem("", -1, "ledger.db is damaged (SQLite quick_check: " + damage + ")");
    }
    for (Map.Entry<String, long[]> shape : engine.reads.chainShapes().entrySet()) {
      long count = shape.getValue()[0];
      long last = shape.getValue()[1];
      if (count != last + 1) {
        return problem(
            shape.getKey(),
            last,
            "the chain ends at #" + last + " but holds " + count + " entries: an entry is missing");
      }
    }
    for (Head head : engine.heads().values()) {
      Optional<Problem> p = checkHead(head);
      if (p.isPresent()) {
        return p;
      }
    }
    if (engine.reads.orphanPostings() > 0) {
      return problem("", -1, "postings rows belong to no entry: an entry row was removed");
    }
    Map<String, Long> sums = new HashMap<>();
    for (LedgerReads.Amount a : engine.reads.postingSums()) {
      sums.put(a.account() + " " + a.currency(), a.amount());
    }
    Map<String, Long> conservation = new HashMap<>();
    for (LedgerReads.Amount a : engine.reads.storedBalances()) {
      String key = a.account() + " " + a.currency();
      long sum = sums.getOrDefault(key, 0L);
      sums.remove(key);
      if (sum != a.amount()) {
        return problem(
            "",
            -1,
            "the balances table gives "
                + key
                + " "
                + a.amount()
                + " micro-units but its postings sum to "
                + sum);
      }
      conservation.merge(a.currency(), a.amount(), Long::sum);
    }
    for (Map.Entry<String, Long> left : sums.entrySet()) {
      if (left.getValue() != 0) {
        return problem("", -1, "the balances table has no row for " + left.getKey());
      }
    }
    for (Map.Entry<String, Long> c : conservation.entrySet()) {
      if (c.getValue() != 0) {
        return problem("", -1, c.getKey() + " balances sum to " + c.getValue() + ", not 0");
      }
    }
    return Optional.empty();
  }

  private Optional<Problem> checkHead(Head head) throws SQLException {
    NodeId actor = head.actor();
    Entry entry;
    try {
      entry = engine.reads.entry(actor, head.sequence()).orElseThrow();
    } catch (IllegalArgumentException e) {
      return problem(
          actor.toString(), head.sequence(), "its bytes do not decode: " + e.getMessage());
    }
    if (!entry.hash().equals(head.hash())) {
      return problem(
          actor.toString(),
          head.sequence(),
          "its stored hash is not the hash of its content: the entry was altered");
    }
    if (!engine.identity.verify(
        actor, EntryCodec.signingMessage(entry.hash()), entry.signature())) {
      return problem(
          actor.toString(), head.sequence(), "its signature does not verify against its actor");
    }
    Hash expected =
        head.sequence() == 0
            ? Hash.ZERO
            : engine.reads.entry(actor, head.sequence() - 1).map(Entry::hash).orElse(Hash.ZERO);
    if (!entry.previous().equals(expected)) {
      return problem(
          actor.toString(), head.sequence(), "its previous hash does not link to the entry before");
    }
    return Optional.empty();
  }

  static Optional<Problem> problem(String actor, long sequence, String what) {
    return Optional.of(new Problem(actor, sequence, what));
  }
}
