package sovereign.mesh;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import sovereign.api.identity.NodeHome;
import sovereign.api.identity.NodeId;
import sovereign.api.mesh.MeshMessage;
import sovereign.mesh.transport.TestIdentity;
import sovereign.testing.Await;
import sovereign.testing.Configs;
import sovereign.testing.RecordingLogger;

/**
 * One node for the tests: a {@link MeshService} driven without OSGi (fields set, activate and
 * deactivate called), with a home folder, an in-memory identity and a recording logger.
 */
final class TestNode implements AutoCloseable {

  final TestIdentity identity = TestIdentity.random();
  final Path root;
  final List<String> log = new CopyOnWriteArrayList<>();
  final Map<String, Object> config = new HashMap<>();
  final Queue<MeshMessage> received = new ConcurrentLinkedQueue<>();
  MeshService service;
  MeshCommands commands;

  TestNode(Path parent, String name, SwarmKey key) {
    root = parent.resolve(name);
    try {
      Files.createDirectories(root.resolve("data"));
      if (key != null) {
        key.writeNew(root.resolve("data").resolve("swarm.key"));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    config.put("host", "127.0.0.1");
    config.put("port", 0);
    config.put("heartbeatMillis", 100L);
    config.put("redialMillis", 100L);
    config.put("redialMaxMillis", 800L);
  }

  NodeId id() {
    return identity.nodeId();
  }

  TestNode bootstrap(TestNode... others) {
    String[] addresses = new String[others.length];
    for (int i = 0; i < others.length; i++) {
      addresses[i] = others[i].address();
    }
    config.put("bootstrap", addresses);
    return this;
  }

  TestNode start() {
    service = new MeshService();
    service.identity = identity;
    service.home =
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
    service.logger = RecordingLogger.into(log);
    service.activate(Configs.of(MeshConfig.class, config));
    commands = new MeshCommands();
    commands.mesh = service;
    return this;
  }

  /** Subscribes {@code topic}, collecting into {@link #received}. */
  TestNode subscribe(String topic) {
    service.subscribe(topic, received::add);
    return this;
  }

  void stop() {
    if (service != null) {
      service.deactivate();
      service = null;
    }
  }

  String address() {
    return "127.0.0.1:" + service.status().listening().orElseThrow().getPort();
  }

  int port() {
    return service.status().listening().orElseThrow().getPort();
  }

  int peers() {
    return service.status().peers();
  }

  MeshRuntime runtime() {
    return service.runtime().orElseThrow();
  }

  /** Waits until {@code n} more heartbeats have run. */
  void heartbeats(int n) {
    long target = runtime().heartbeats() + n;
    await(() -> runtime().heartbeats() >= target, n + " heartbeats of " + id());
  }

  List<String> texts() {
    return received.stream()
        .map(m -> new String(m.payload(), java.nio.charset.StandardCharsets.UTF_8))
        .toList();
  }

  @Override
  public void close() {
    stop();
  }

  /** Polls {@code condition} every 20 ms for up to 30 s. */
  static void await(BooleanSupplier condition, String what) {
    Await.until(condition, what, Duration.ofSeconds(30));
  }
}
