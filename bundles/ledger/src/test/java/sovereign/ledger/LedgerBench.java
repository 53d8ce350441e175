package sovereign.ledger;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import sovereign.api.ledger.Action;
import sovereign.api.ledger.Currency;
import sovereign.api.ledger.Outcome;
import sovereign.api.ledger.Posting;

/**
 * A measurement, not a test: the two targets of the ledger, measured in one run and printed as
 * ratios with PASS or FAIL.
 *
 * <ul>
 *   <li>Durable signed appends/s (synchronous=FULL, {@code threads} callers appending at once, so
 *       entries share transactions) against min(raw SQLite inserts/s, Ed25519 signatures/s x
 *       cores). The raw inserts are rows of the size of the ledger's entry rows, in a table with
 *       the same settings (WAL, synchronous=FULL, the same checkpoint interval), committed in as
 *       many transactions as the ledger used: the same batch size on both sides.
 *   <li>Full verification entries/s against Ed25519 verifications/s on one thread x cores.
 * </ul>
 *
 * <p>Method (docs/ledger.md, "Measured"): the whole path is warmed up on a throw-away ledger first;
 * then 3 rounds each pair a fresh ledger's appends with raw inserts made right after them, and
 * verify that ledger 6 times, the mean of the last 3 counting; the median ratio of the rounds is
 * the result.
 *
 * <p>It also prints, for information, one caller appending alone (one entry per transaction)
 * against raw inserts one row per transaction. Ed25519 is Bouncy Castle through {@link
 * TestIdentity}, as the identity bundle signs. Run from the repository root with {@code
 * bench/ledger.sh [entries] [callers]}.
 *
 * <p>Arguments: entries appended (default 6000), concurrent callers (default 4).
 */
public final class LedgerBench {

  private static final double TARGET = 0.70;

  /** Full verifications of the measured ledger: the first half warm up, the second half count. */
  private static final int VERIFICATIONS = 6;

  /** Back-to-back rounds of ledger appends and raw inserts; the median ratio is reported. */
  private static final int ROUNDS = 3;

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 6000;
    int threads = args.length > 1 ? Integer.parseInt(args[1]) : 4;
    int cores = Runtime.getRuntime().availableProcessors();
    Path dir = Files.createTempDirectory("ledger-bench");
    System.out.printf(
        "entries: %d, concurrent callers: %d, cores: %d, synchronous=FULL%n", n, threads, cores);

    // Warm-up (JIT) on a throw-away ledger and table, not measured: appends, then verifications
    // until the verification path is compiled, as the Ed25519 baseline is below.
    appendRun(dir.resolve("warm"), n, threads, VERIFICATIONS);
    rawInserts(dir.resolve("warm-raw.db"), 1500, 1500 / 4, 300);
    crypto(2000);

    double[] ed = crypto(Math.max(4000, n / 2));
    double sign = ed[0];
    double verify = ed[1];
    System.out.printf(
        "Ed25519 (Bouncy Castle, 1 thread): sign/s %.0f, verify/s %.0f%n", sign, verify);

    // Rounds of (ledger appends, raw inserts at the ledger's batch size) back to back: fsync times
    // drift on a shared disk, so each ratio compares two runs made moments apart, and the median
    // ratio of the rounds is the result.
    List<Double> appendRatios = new ArrayList<>();
    List<Double> verifyRatios = new ArrayList<>();
    for (int round = 1; round <= ROUNDS; round++) {
      Run run = appendRun(dir.resolve("ledger-" + round), n, threads, VERIFICATIONS);
      double batch = (double) run.entries / run.commits;
      double raw = rawInserts(dir.resolve("raw-" + round + ".db"), n, run.commits, run.rowBytes);
      System.out.printf(
          "round %d: appends %.0f signed entries/s durable (%d callers, %d entries in %d"
              + " transactions, batch %.2f); raw SQLite %.0f rows/s (%d rows of %d bytes, same"
              + " transactions); verification %.0f entries/s%n",
          round,
          run.appends,
          threads,
          run.entries,
          run.commits,
          batch,
          raw,
          n,
          run.rowBytes,
          run.verified);
      appendRatios.add(run.appends / Math.min(raw, sign * cores));
      verifyRatios.add(run.verified / (verify * cores));
    }

    Run alone = appendRun(dir.resolve("alone"), Math.max(500, n / 4), 1, 1);
    double rawAlone =
        rawInserts(dir.resolve("raw-alone.db"), (int) alone.entries, alone.entries, alone.rowBytes);
    System.out.printf(
        "for information, one caller: %.0f appends/s (batch 1) vs raw %.0f rows/s (batch 1):"
            + " %.0f%%%n",
        alone.appends, rawAlone, 100 * alone.appends / rawAlone);

    double appendRatio = median(appendRatios);
    double verifyRatio = median(verifyRatios);
    System.out.printf(
        "appends / min(raw SQLite, sign %.0f x %d cores) per round: %s; median %.0f%% -> %s%n",
        sign,
        cores,
        percents(appendRatios),
        100 * appendRatio,
        appendRatio >= TARGET ? "PASS" : "FAIL");
    System.out.printf(
        "verified / (verify %.0f x %d cores = %.0f) per round: %s; median %.0f%% -> %s%n",
        verify,
        cores,
        verify * cores,
        percents(verifyRatios),
        100 * verifyRatio,
        verifyRatio >= TARGET ? "PASS" : "FAIL");
  }

  private static double median(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    java.util.Collections.sort(sorted);
    return sorted.get(sorted.size() / 2);
  }

  private static String percents(List<Double> ratios) {
    return ratios.stream()
        .map(r -> String.format("%.0f%%", 100 * r))
        .collect(java.util.stream.Collectors.joining(", "));
  }

  /** What one ledger run measured. */
  private record Run(double appends, double verified, long entries, long commits, int rowBytes) {}

  /**
   * Appends {@code n} transfers from {@code threads} callers at once, then verifies them all {@code
   * verifications} times; the mean of the second half of the verifications is the one reported.
   */
  private static Run appendRun(Path root, int n, int threads, int verifications) throws Exception {
    try (Node node = Node.authority(root)) {
      node.synchronous = LedgerStore.Synchronous.FULL;
      node.open();
      node.mint(node.wallet(), "1000000");
      long[] before = node.ledger.engine().commitStats();
      List<Thread> callers = new ArrayList<>();
      List<Throwable> failures = new ArrayList<>();
      long t0 = System.nanoTime();
      for (int t = 0; t < threads; t++) {
        int share = n / threads + (t < n % threads ? 1 : 0);
        String to = TestIdentity.random().nodeId().toString();
        Thread caller =
            new Thread(
                () -> {
                  try {
                    for (int i = 0; i < share; i++) {
                      node.ledger.transfer(to, 1, Currency.IPPC, "bench " + i);
                    }
                  } catch (RuntimeException e) {
                    synchronized (failures) {
                      failures.add(e);
                    }
                  }
                });
        callers.add(caller);
        caller.start();
      }
      for (Thread caller : callers) {
        caller.join();
      }
      double appends = n / seconds(t0);
      if (!failures.isEmpty()) {
        throw new IllegalStateException("an append failed", failures.get(0));
      }
      long[] after = node.ledger.engine().commitStats();
      // Steady state, as the Ed25519 baseline is measured: the verification path (SQLite reads,
      // decoding, replay) keeps getting faster over the first few runs on a fresh ledger, so the
      // first half of the runs are warm-up and the mean of the second half is reported.
      double verified = 0;
      int measured = 0;
      for (int v = 0; v < verifications; v++) {
        t0 = System.nanoTime();
        var check = node.ledger.verify();
        double rate = check.entries() / seconds(t0);
        if (!check.ok()) {
          throw new IllegalStateException("verification failed: " + check.problem());
        }
        if (v >= verifications / 2) {
          verified += rate;
          measured++;
        }
      }
      verified /= Math.max(1, measured);
      return new Run(appends, verified, after[1] - before[1], after[0] - before[0], rowBytes(node));
    }
  }

  /**
   * The bytes of one entry row as the ledger stores it: actor, sequence, links, body, signature.
   */
  private static int rowBytes(Node node) {
    byte[] body =
        EntryCodec.encode(
            new EntryCodec.Body(
                node.identity.nodeId(),
                1000,
                Instant.now(),
                new Action.Transfer(),
                List.of(
                    new Posting(node.wallet(), Currency.IPPC, -1),
                    new Posting(TestIdentity.random().nodeId().toString(), Currency.IPPC, 1)),
                Outcome.SUCCESS,
                "bench 1000"));
    return node.wallet().length() + 8 + 32 + 32 + body.length + 64;
  }

  /**
   * Inserts {@code n} rows of {@code rowBytes} bytes (an actor text, a sequence, two 32-byte
   * hashes, a body and a 64-byte signature, as an entry row) into a table with no other index,
   * committing them in {@code transactions} transactions of equal size (within one row), with the
   * ledger's settings.
   */
  private static double rawInserts(Path file, int n, long transactions, int rowBytes)
      throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement s = c.createStatement()) {
      s.execute("PRAGMA journal_mode=WAL");
      s.execute("PRAGMA synchronous=FULL");
      s.execute("PRAGMA wal_autocheckpoint=" + LedgerStore.WAL_AUTOCHECKPOINT);
      s.execute(
          "CREATE TABLE t (id INTEGER PRIMARY KEY, actor TEXT, sequence INTEGER, previous BLOB,"
              + " hash BLOB, body BLOB, signature BLOB)");
      c.setAutoCommit(false);
      String actor = TestIdentity.random().nodeId().toString();
      byte[] body = new byte[Math.max(1, rowBytes - actor.length() - 8 - 32 - 32 - 64)];
      byte[] previous = new byte[32];
      byte[] hash = new byte[32];
      byte[] signature = new byte[64];
      Random r = new Random(2);
      r.nextBytes(body);
      try (PreparedStatement p =
          c.prepareStatement(
              "INSERT INTO t (actor, sequence, previous, hash, body, signature)"
                  + " VALUES (?, ?, ?, ?, ?, ?)")) {
        long t0 = System.nanoTime();
        int done = 0;
        for (long tx = 0; tx < transactions; tx++) {
          int rows = (int) (n / transactions + (tx < n % transactions ? 1 : 0));
          for (int i = 0; i < rows; i++, done++) {
            r.nextBytes(hash);
            r.nextBytes(signature);
            p.setString(1, actor);
            p.setLong(2, done);
            p.setBytes(3, previous);
            p.setBytes(4, hash);
            p.setBytes(5, body);
            p.setBytes(6, signature);
            p.executeUpdate();
            previous = hash.clone();
          }
          c.commit();
        }
        return done / seconds(t0);
      }
    }
  }

  /** Ed25519 signatures and verifications per second on one thread, as the ledger calls them. */
  private static double[] crypto(int k) {
    TestIdentity id = TestIdentity.random();
    byte[] message = new byte[58];
    new Random(1).nextBytes(message);
    long t0 = System.nanoTime();
    byte[] sig = null;
    for (int i = 0; i < k; i++) {
      message[0] = (byte) i;
      sig = id.sign(message);
    }
    double sign = k / seconds(t0);
    t0 = System.nanoTime();
    int ok = 0;
    for (int i = 0; i < k; i++) {
      ok += id.verify(id.nodeId(), message, sig) ? 1 : 0;
    }
    double verify = k / seconds(t0);
    if (ok != k) {
      throw new IllegalStateException("a signature did not verify");
    }
    return new double[] {sign, verify};
  }

  private static double seconds(long t0) {
    return (System.nanoTime() - t0) / 1e9;
  }
}
