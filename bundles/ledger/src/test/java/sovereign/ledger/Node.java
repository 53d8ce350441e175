package sovereign.ledger;

import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import sovereign.api.identity.NodeHome;
import sovereign.api.identity.NodeId;
import sovereign.api.identity.NodeIdentity;
import sovereign.api.ledger.Accounts;
import sovereign.api.ledger.Amounts;
import sovereign.api.ledger.Currency;
import sovereign.testing.Configs;
import sovereign.testing.RecordingLogger;

/**
 * A ledger as a node runs it, on a folder of a test: its identity, its home, its {@link
 * LedgerService} and {@link MeteringService}, opened and closed as DS would, and the warnings it
 * logged.
 */
final class Node implements AutoCloseable {

  final TestIdentity identity;
  final Path root;
  final List<String> warnings = Collections.synchronizedList(new ArrayList<>());
  final List<String> log = Collections.synchronizedList(new ArrayList<>());
  Set<NodeId> authorities;
  LedgerStore.Synchronous synchronous = LedgerStore.Synchronous.NORMAL;
  long workerFloor = Amounts.parse("100");
  boolean fullVerifyOnStart;
  Clock clock = Clock.systemUTC();

  /** The NodeIdentity service the ledger gets; {@link #identity} unless a test wraps it. */
  NodeIdentity service;

  LedgerService ledger;
  MeteringService metering;

  Node(Path root, TestIdentity identity, NodeId... authorities) {
    this.root = root;
    this.identity = identity;
    this.authorities = Set.of(authorities);
  }

  /** A node that is its own mint authority. */
  static Node authority(Path root) {
    TestIdentity id = TestIdentity.random();
    return new Node(root, id, id.nodeId());
  }

  String wallet() {
    return Accounts.wallet(identity.nodeId());
  }

  Path file() {
    return root.resolve("economy").resolve(LedgerService.FILE);
  }

  Node open() throws SQLException {
    ledger = new LedgerService();
    ledger.identity = service != null ? service : identity;
    ledger.home =
        new NodeHome() {
          @Override
          public NodeId nodeId() {
            return identity.nodeId();
          }

          @Override
          public Path root() {
            return root;
          }
        };
    ledger.clock = clock;
    ledger.logger = RecordingLogger.into(log);
    ledger.open(
        new LedgerEngine.Options(
            file(),
            synchronous,
            authorities,
            workerFloor,
            fullVerifyOnStart,
            clock,
            warnings::add));
    metering = new MeteringService();
    metering.ledger = ledger;
    metering.configure(Configs.of(MeteringConfig.class, Map.of()));
    return this;
  }

  /** Closes and opens again, as a restart does. */
  Node reopen() throws SQLException {
    close();
    return open();
  }

  /** Mints whole units of IPPC into an account (the node must be an authority). */
  void mint(String account, String units) {
    ledger.mint(account, Amounts.parse(units), Currency.IPPC, "test money");
  }

  long ippc(String account) {
    return ledger.balances(account).getOrDefault(Currency.IPPC, 0L);
  }

  @Override
  public void close() throws SQLException {
    if (ledger != null) {
      ledger.deactivate();
      ledger = null;
    }
  }
}
