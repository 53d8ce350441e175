package sovereign.ledger;

import java.sql.Connection;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteJDBCLoader;

/**
 * Loads SQLite's native library and JDBC classes as soon as this bundle starts, on a thread of its
 * own, while the node is still checking its identity: opening the ledger then no longer waits ~0.2
 * s for them on the boot's critical path. A failure here is left to the real open to report.
 */
@Component(
    immediate = true,
    service = {})
public class SqliteWarmup {

  private Thread thread;

  @Activate
  void activate() {
    thread = new Thread(SqliteWarmup::warmUp, "sovereign-sqlite-warmup");
    thread.setDaemon(true);
    thread.start();
  }

  @Deactivate
  void deactivate() throws InterruptedException {
    thread.join(10_000);
  }

  static void warmUp() {
    try {
      SQLiteJDBCLoader.initialize();
      try (Connection c = new SQLiteConfig().createConnection("jdbc:sqlite::memory:")) {
        c.createStatement().execute("select 1");
      }
    } catch (Exception e) {
      // The ledger's own open reports any problem with SQLite, with its context.
    }
  }
}
