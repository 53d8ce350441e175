package sovereign.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sovereign.api.ledger.Action;
import sovereign.api.ledger.Amounts;
import sovereign.api.ledger.Currency;
import sovereign.api.ledger.Entry;
import sovereign.api.ledger.Outcome;
import sovereign.api.ledger.Reservation;

/**
 * Callers appending at once share transactions (group commit) yet each gets its own entry, in one
 * unbroken chain; reads, reservations and settlements in between see the ledger at rest; the result
 * verifies, survives a restart and keeps every balance.
 */
class GroupCommitTest {

  @TempDir Path dir;

  @Test
  void concurrentAppendsShareTransactionsAndKeepEveryInvariant() throws Exception {
    int callers = 6;
    int each = 60;
    try (Node node = Node.authority(dir.resolve("node"))) {
      node.synchronous = LedgerStore.Synchronous.FULL;
      node.open();
      node.mint(node.wallet(), "1000");
      String to = TestIdentity.random().nodeId().toString();
      List<Entry> appended = Collections.synchronizedList(new ArrayList<>());
      List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
      List<Thread> threads = new ArrayList<>();
      for (int t = 0; t < callers; t++) {
        threads.add(
            new Thread(
                () -> {
                  try {
                    for (int i = 0; i < each; i++) {
                      appended.add(node.ledger.transfer(to, Amounts.parse("1"), Currency.IPPC, ""));
                    }
                  } catch (Throwable e) {
                    failures.add(e);
                  }
                }));
      }
      threads.add(
          new Thread(
              () -> {
                try {
                  for (int i = 0; i < 20; i++) {
                    Reservation r =
                        node.metering.reserve(
                            node.wallet(), node.metering.quote(new Action.ToolExec("t")));
                    node.ledger.wallet(node.wallet());
                    node.metering.settle(r, new Action.ToolExec("t"), Outcome.SUCCESS);
                  }
                } catch (Throwable e) {
                  failures.add(e);
                }
              }));
      threads.forEach(Thread::start);
      for (Thread t : threads) {
        t.join();
      }

      assertThat(failures).isEmpty();
      assertThat(appended).hasSize(callers * each);
      long[] stats = node.ledger.engine().commitStats();
      assertThat(stats[1]).isEqualTo(1 + callers * each + 20);
      assertThat(stats[0]).isLessThanOrEqualTo(stats[1]);
      assertThat(appended.stream().map(Entry::sequence).distinct()).hasSize(callers * each);
      assertThat(node.ledger.heads().get(node.identity.nodeId()).sequence())
          .isEqualTo(callers * each + 20);
      long spent = Amounts.parse("1") * callers * each;
      long metered = Amounts.parse("1") * 20;
      assertThat(node.ippc(to)).isEqualTo(spent);
      assertThat(node.ippc(node.wallet())).isEqualTo(Amounts.parse("1000") - spent - metered);
      assertThat(node.ledger.verify().ok()).isTrue();

      node.reopen();
      assertThat(node.ledger.engine().broken()).isNull();
      assertThat(node.ippc(to)).isEqualTo(spent);
      assertThat(node.ledger.verify().entries()).isEqualTo(1 + callers * each + 20);
    }
  }
}
