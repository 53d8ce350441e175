package sovereign.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import sovereign.api.ledger.Accounts;
import sovereign.api.ledger.Action;
import sovereign.api.ledger.Currency;
import sovereign.api.ledger.Entry;
import sovereign.api.ledger.ImportResult.Status;
import sovereign.api.ledger.RefusedException;
import sovereign.api.ledger.Reservation;
import sovereign.api.ledger.Snapshot;

/** Properties over random sequences of operations, crashes and arrival orders. */
class LedgerPropertyTest {

  /** One step of a random run. */
  record Op(int kind, long amount, int target) {}

  private static Path scratch;
  private static List<Entry> swarm;

  @BeforeContainer
  static void makeSwarm() throws Exception {
    scratch = Files.createTempDirectory("ledger-properties");
    swarm = SwarmEntries.write(scratch.resolve("swarm"), 3, 40, new Random(7));
  }

  @AfterContainer
  static void removeScratch() throws IOException {
    try (Stream<Path> files = Files.walk(scratch)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  @Provide
  Arbitrary<List<Op>> runs() {
    Arbitrary<Op> op =
        Combinators.combine(
                Arbitraries.integers().between(0, 8),
                Arbitraries.longs().between(1, 400_000_000L),
                Arbitraries.integers().between(0, 3))
            .as(Op::new);
    return op.list().ofMinSize(1).ofMaxSize(25);
  }

  @Property(tries = 40)
  void transfersReservationsSettlementsAndCrashesNeverBreakConservationOrOverdraw(
      @ForAll("runs") List<Op> run) throws Exception {
    Path dir = Files.createTempDirectory(scratch, "run");
    Node a = Node.authority(dir.resolve("a")).open();
    Node b = new Node(dir.resolve("b"), TestIdentity.random(), a.identity.nodeId()).open();
    List<String> others =
        List.of(
            b.wallet(),
            TestIdentity.random().nodeId().toString(),
            TestIdentity.random().nodeId().toString(),
            Accounts.TREASURY);
    List<Reservation> open = new ArrayList<>();
    try {
      for (Op op : run) {
        try {
          switch (op.kind()) {
            case 0 -> a.ledger.mint(others.get(op.target()), op.amount(), Currency.IPPC, "");
            case 1 -> a.ledger.mint(a.wallet(), op.amount(), Currency.IPPC, "");
            case 2, 3 -> a.ledger.transfer(others.get(op.target()), op.amount(), Currency.IPPC, "");
            case 4 ->
                open.add(
                    a.metering.reserve(
                        a.wallet(),
                        a.metering.quote(new Action.LlmInference(op.amount() % 20_000, "m"))));
            case 5 -> {
              if (!open.isEmpty()) {
                a.metering.settle(
                    open.remove(0), new Action.LlmInference(op.amount() % 50_000, "m"));
              }
            }
            case 6 -> {
              if (!open.isEmpty()) {
                a.metering.release(open.remove(open.size() - 1));
              }
            }
            case 7 -> {
              a.reopen(); // a crash: open reservations are released
              open.clear();
            }
            default -> {
              syncInto(b, a);
              b.ledger.transfer(a.wallet(), op.amount(), Currency.IPPC, "");
              syncInto(a, b);
            }
          }
        } catch (RefusedException refused) {
          // Refused before anything was written: what the invariants allow.
        }
        assertInvariants(a);
      }
      assertThat(a.ledger.verify().problem()).isEmpty();
      assertThat(b.ledger.verify().problem()).isEmpty();
    } finally {
      a.close();
      b.close();
    }
  }

  @Property(tries = 15)
  void theSnapshotDoesNotDependOnArrivalOrder(@ForAll long seed) throws Exception {
    Path dir = Files.createTempDirectory(scratch, "order");
    List<Entry> shuffled = new ArrayList<>(swarm);
    Collections.shuffle(shuffled, new Random(seed));
    Node observer = new Node(dir, TestIdentity.random(), SwarmEntries.authority(swarm)).open();
    try {
      SwarmEntries.importAll(observer.ledger, shuffled);
      Snapshot snapshot = observer.ledger.snapshot();
      Snapshot reference = SwarmEntries.referenceSnapshot(scratch, swarm);

      assertThat(snapshot.entries()).isEqualTo(swarm.size());
      assertThat(snapshot.json()).isEqualTo(reference.json());
      assertThat(snapshot.hash()).isEqualTo(reference.hash());
    } finally {
      observer.close();
    }
  }

  private static void assertInvariants(Node node) {
    Map<String, long[]> all = node.ledger.engine().allBalances();
    long sum = 0;
    for (Map.Entry<String, long[]> account : all.entrySet()) {
      long ippc = account.getValue()[Currency.IPPC.ordinal()];
      sum += ippc;
      if (!account.getKey().equals(Accounts.MINT)) {
        assertThat(ippc).as("balance of %s", account.getKey()).isNotNegative();
      }
    }
    assertThat(sum).as("IPPC over all accounts").isZero();
    assertThat(node.ledger.wallet(node.wallet()).available(Currency.IPPC)).isNotNegative();
  }

  /** Imports every entry of {@code from}'s view that {@code into} lacks. */
  private static void syncInto(Node into, Node from) {
    List<Entry> entries = new ArrayList<>();
    from.ledger
        .heads()
        .forEach(
            (actor, head) -> {
              for (long s = 0; s <= head.sequence(); s++) {
                entries.add(from.ledger.entry(actor, s).orElseThrow());
              }
            });
    SwarmEntries.importAll(into.ledger, entries);
    for (Entry e : entries) {
      assertThat(into.ledger.importEntry(e).status()).isEqualTo(Status.ALREADY_RECORDED);
    }
  }
}
