package sovereign.ledger;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.Random;
import sovereign.api.ledger.Currency;

/**
 * A quick measurement, not a test: durable signed appends per second (synchronous FULL and NORMAL),
 * raw SQLite inserts of rows of the same size (one transaction each), full verification, and Bouncy
 * Castle Ed25519 sign and verify rates on one thread. Run from bundles/ledger after `install`:
 * {@code ../../mvnw -q -o dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 * -Dmdep.includeScope=test && java -cp "target/test-classes:target/classes:$(cat target/cp.txt)"
 * sovereign.ledger.LedgerBench 3000}.
 */
public final class LedgerBench {

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
    Path dir = Files.createTempDirectory("ledger-bench");
    System.out.printf(
        "entries per run: %d, cores: %d%n", n, Runtime.getRuntime().availableProcessors());
    for (LedgerStore.Synchronous sync : LedgerStore.Synchronous.values()) {
      try (Node node = Node.authority(dir.resolve("ledger-" + sync))) {
        node.synchronous = sync;
        node.open();
        node.mint(node.wallet(), "1000000");
        String to = TestIdentity.random().nodeId().toString();
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
          node.ledger.transfer(to, 1, Currency.IPPC, "bench " + i);
        }
        double appends = n / seconds(t0);
        t0 = System.nanoTime();
        if (!node.ledger.verify().ok()) {
          throw new IllegalStateException("verification failed");
        }
        double verified = (n + 1) / seconds(t0);
        System.out.printf(
            "synchronous=%s: signed appends/s %.0f, verified entries/s %.0f%n",
            sync, appends, verified);
      }
      System.out.printf(
          "synchronous=%s: raw SQLite inserts/s %.0f (one transaction each, ~%d-byte rows)%n",
          sync, rawInserts(dir.resolve("raw-" + sync + ".db"), sync, n), 420);
    }
    TestIdentity id = TestIdentity.random();
    byte[] message = new byte[58];
    new Random(1).nextBytes(message);
    int k = Math.max(n, 2000);
    long t0 = System.nanoTime();
    byte[] sig = null;
    for (int i = 0; i < k; i++) {
      message[0] = (byte) i;
      sig = id.sign(message);
    }
    System.out.printf("Ed25519 sign/s (1 thread) %.0f%n", k / seconds(t0));
    t0 = System.nanoTime();
    for (int i = 0; i < k; i++) {
      id.verify(id.nodeId(), message, sig);
    }
    System.out.printf("Ed25519 verify/s (1 thread) %.0f%n", k / seconds(t0));
  }

  private static double rawInserts(Path file, LedgerStore.Synchronous sync, int n)
      throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement s = c.createStatement()) {
      s.execute("PRAGMA journal_mode=WAL");
      s.execute("PRAGMA synchronous=" + sync);
      s.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT, b INTEGER, c BLOB, d BLOB)");
      c.setAutoCommit(false);
      byte[] body = new byte[300];
      byte[] hash = new byte[32];
      Random r = new Random(2);
      try (PreparedStatement p =
          c.prepareStatement("INSERT INTO t (a, b, c, d) VALUES (?, ?, ?, ?)")) {
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
          r.nextBytes(hash);
          p.setString(1, "12D3KooWQK1wnefoLrcVHbbnf5tLzbopUd3K3bFAoJpA7YJgL5pV");
          p.setLong(2, i);
          p.setBytes(3, body);
          p.setBytes(4, hash);
          p.executeUpdate();
          c.commit();
        }
        return n / seconds(t0);
      }
    }
  }

  private static double seconds(long t0) {
    return (System.nanoTime() - t0) / 1e9;
  }
}
