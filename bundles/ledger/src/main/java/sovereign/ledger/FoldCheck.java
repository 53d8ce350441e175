package sovereign.ledger;

import java.sql.SQLException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import sovereign.api.identity.NodeId;
import sovereign.api.ledger.Accounts;
import sovereign.api.ledger.Currency;
import sovereign.api.ledger.Head;
import sovereign.api.ledger.Verification.Problem;

/**
 * After the replay: the recomputed fold must equal the balances table and the engine's memory (the
 * state as it was last written), the chains must end where the engine last wrote them, and every
 * currency must sum to zero over all accounts. (The postings table was compared row by row before.)
 */
final class FoldCheck {

  private final LedgerEngine engine;
  private final Map<String, long[]> fold;
  private final Map<NodeId, Head> heads;

  FoldCheck(LedgerEngine engine, Map<String, long[]> fold, Map<NodeId, Head> heads) {
    this.engine = engine;
    this.fold = fold;
    this.heads = heads;
  }

  Optional<Problem> run() throws SQLException {
    for (Head written : engine.heads().values()) {
      Head found = heads.get(written.actor());
      if (found == null || !found.equals(written)) {
        return StartCheck.problem(
            written.actor().toString(),
            written.sequence(),
            "this ledger wrote it as the actor's last entry, but ledger.db "
                + (found == null
                    ? "holds none of the actor's entries"
                    : "ends the chain at #" + found.sequence() + " (" + found.hash() + ")")
                + ": entries were removed or replaced");
      }
    }
    Map<String, long[]> table = new HashMap<>();
    for (LedgerReads.Amount a : engine.reads.storedBalances()) {
      table
              .computeIfAbsent(a.account(), k -> new long[Currency.values().length])[
              Currency.valueOf(a.currency()).ordinal()] =
          a.amount();
    }
    Map<String, long[]> memory = engine.allBalances();
    for (String account : accounts(table, memory)) {
      long[] expected = row(fold, account);
      for (Currency c : Currency.values()) {
        long want = expected[c.ordinal()];
        long stored = row(table, account)[c.ordinal()];
        long held = row(memory, account)[c.ordinal()];
        if (stored != want || held != want) {
          return StartCheck.problem(
              "",
              -1,
              "the entries give "
                  + account
                  + " "
                  + want
                  + " micro-"
                  + c
                  + (stored != want
                      ? " but the balances table says " + stored
                      : " but this ledger last wrote " + held));
        }
      }
    }
    long[] sums = new long[Currency.values().length];
    for (long[] balances : fold.values()) {
      for (int i = 0; i < sums.length; i++) {
        sums[i] += balances[i];
      }
    }
    for (Currency c : Currency.values()) {
      if (sums[c.ordinal()] != 0) {
        return StartCheck.problem(
            "",
            -1,
            c + " balances sum to " + sums[c.ordinal()] + ", not 0: money was not conserved");
      }
      long minted = -row(fold, Accounts.MINT)[c.ordinal()];
      if (minted < 0) {
        return StartCheck.problem("", -1, "the mint holds a positive " + c + " balance");
      }
    }
    return Optional.empty();
  }

  private TreeSet<String> accounts(Map<String, long[]> table, Map<String, long[]> memory) {
    TreeSet<String> all = new TreeSet<>(fold.keySet());
    all.addAll(table.keySet());
    all.addAll(memory.keySet());
    return all;
  }

  private static long[] row(Map<String, long[]> m, String account) {
    long[] r = m.get(account);
    return r == null ? new long[Currency.values().length] : Arrays.copyOf(r, r.length);
  }
}
