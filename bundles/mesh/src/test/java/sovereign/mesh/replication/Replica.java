package sovereign.mesh.replication;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import sovereign.api.identity.NodeHome;
import sovereign.api.identity.NodeId;
import sovereign.api.ledger.Amounts;
import sovereign.api.ledger.Currency;
import sovereign.api.ledger.Entry;
import sovereign.api.ledger.Head;
import sovereign.api.ledger.Ledger;
import sovereign.api.mesh.Mesh;
import sovereign.ledger.LedgerService;
import sovereign.mesh.MeshService;
import sovereign.mesh.SwarmKey;
import sovereign.mesh.transport.TestIdentity;
import sovereign.testing.Await;
import sovereign.testing.Configs;
import sovereign.testing.RecordingLogger;

/**
 * One node for the replication tests: a real {@link LedgerService} on its own folder, a real {@link
 * MeshService} on loopback, and {@link LedgerReplication} between them, each driven as DS would
 * (fields set and activate called, by reflection since their seams are package-private).
 */
final class Replica implements AutoCloseable {

  final TestIdentity identity = TestIdentity.random();
  final Path root;
  final List<String> log = Collections.synchronizedList(new ArrayList<>());
  final Map<String, Object> meshConfig = new HashMap<>();
  final Map<String, Object> replicationConfig = new HashMap<>();
  LedgerService ledger;
  MeshService mesh;
  LedgerReplication replication;

  Replica(Path parent, String name, SwarmKey key) {
    root = parent.resolve(name);
    try {
      Files.createDirectories(root.resolve("data"));
      key.writeNew(root.resolve("data").resolve("swarm.key"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    meshConfig.put("host", "127.0.0.1");
    meshConfig.put("port", 0);
    meshConfig.put("heartbeatMillis", 100L);
    meshConfig.put("redialMillis", 100L);
    meshConfig.put("redialMaxMillis", 800L);
    replicationConfig.put("antiEntropyMillis", 400L);
    replicationConfig.put("pollMillis", 100L);
    replicationConfig.put("maxBatch", 16);
  }

  NodeId id() {
    return identity.nodeId();
  }

  private NodeHome home() {
    return new NodeHome() {
      @Override
      public NodeId nodeId() {
        return identity.nodeId();
      }

      @Override
      public Path root() {
        return root;
      }
    };
  }

  /** Opens the ledger; every ID in {@code authorities} may mint. */
  Replica openLedger(List<NodeId> authorities) {
    ledger = new LedgerService();
    set(ledger, "identity", identity);
    set(ledger, "home", home());
    set(ledger, "logger", RecordingLogger.into(log));
    activate(
        ledger,
        "sovereign.ledger.LedgerConfig",
        Map.of(
            "mintAuthorities",
            authorities.stream().map(NodeId::toString).toArray(String[]::new),
            "synchronous",
            "NORMAL"));
    return this;
  }

  Replica startMesh(Replica... bootstrap) {
    meshConfig.put(
        "bootstrap",
        java.util.Arrays.stream(bootstrap).map(Replica::address).toArray(String[]::new));
    mesh = new MeshService();
    set(mesh, "identity", identity);
    set(mesh, "home", home());
    set(mesh, "logger", RecordingLogger.into(log));
    activate(mesh, "sovereign.mesh.MeshConfig", meshConfig);
    return this;
  }

  Replica startReplication() {
    replication = new LedgerReplication();
    replication.mesh = mesh;
    replication.ledger = ledger;
    replication.logger = RecordingLogger.into(log);
    replication.activate(Configs.of(LedgerReplicationConfig.class, replicationConfig));
    return this;
  }

  /** Stops replication and mesh (the ledger stays open). */
  void stopMesh() {
    if (replication != null) {
      replication.deactivate();
      replication = null;
    }
    if (mesh != null) {
      invoke(mesh, "deactivate");
      mesh = null;
    }
  }

  String address() {
    return "127.0.0.1:" + mesh.status().listening().orElseThrow().getPort();
  }

  int peers() {
    return mesh.status().peers();
  }

  Mesh meshApi() {
    return mesh;
  }

  Ledger ledgerApi() {
    return ledger;
  }

  /** Mints {@code units} IPPC into this node's own wallet: an entry of its own chain. */
  Entry mint(String units) {
    return ledger.mint(id().toString(), Amounts.parse(units), Currency.IPPC, "test");
  }

  /** The (actor, sequence, hash) of every chain held, as text. */
  Map<String, String> heads() {
    Map<String, String> out = new TreeMap<>();
    for (Head h : ledger.heads().values()) {
      out.put(h.actor().toString(), h.sequence() + ":" + h.hash());
    }
    return out;
  }

  @Override
  public void close() {
    stopMesh();
    if (ledger != null) {
      invoke(ledger, "deactivate");
      ledger = null;
    }
  }

  // --- DS by hand ---

  private static void set(Object target, String field, Object value) {
    try {
      Field f = target.getClass().getDeclaredField(field);
      f.setAccessible(true);
      f.set(target, value);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void activate(Object target, String configType, Map<String, Object> config) {
    try {
      Class<?> type = Class.forName(configType, true, target.getClass().getClassLoader());
      Object typed = Configs.of(type, config);
      Method m = target.getClass().getDeclaredMethod("activate", type);
      m.setAccessible(true);
      m.invoke(target, typed);
    } catch (java.lang.reflect.InvocationTargetException e) {
      throw new IllegalStateException(e.getCause());
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void invoke(Object target, String method) {
    try {
      Method m = target.getClass().getDeclaredMethod(method);
      m.setAccessible(true);
      m.invoke(target);
    } catch (java.lang.reflect.InvocationTargetException e) {
      throw new IllegalStateException(e.getCause());
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Polls {@code condition} every 20 ms for up to 60 s. */
  static void await(BooleanSupplier condition, String what) {
    Await.until(condition, what, Duration.ofSeconds(60));
  }
}
