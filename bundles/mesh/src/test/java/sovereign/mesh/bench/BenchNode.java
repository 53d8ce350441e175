package sovereign.mesh.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import sovereign.api.identity.NodeHome;
import sovereign.api.identity.NodeId;
import sovereign.api.mesh.MeshMessage;
import sovereign.api.mesh.PeerInfo;
import sovereign.mesh.MeshService;
import sovereign.mesh.SwarmKey;
import sovereign.mesh.gossip.PeerKey;
import sovereign.mesh.gossip.RouterView;
import sovereign.mesh.transport.TestIdentity;
import sovereign.testing.Configs;
import sovereign.testing.RecordingLogger;

/**
 * One node of the benchmark: a real {@link MeshService} on loopback (swarm-key gate, TLS 1.3,
 * frames, gossip), driven as DS would, by reflection since its seams are package-private (as the
 * replication tests' {@code Replica} does), so the benchmark needs no seam in main code.
 *
 * <p>Each delivery of a benchmark message is stamped with {@link System#nanoTime()} on the node's
 * delivery thread, the moment a bundle's handler would see it.
 */
final class BenchNode implements AutoCloseable {

  /** Payload: the message's index, then padding to a small, fixed size. */
  static final int PAYLOAD_BYTES = 64;

  final int index;
  final TestIdentity identity = TestIdentity.random();
  final List<String> log = Collections.synchronizedList(new ArrayList<>());
  private final Path root;
  private final Deliveries deliveries;
  private MeshService mesh;

  /** Where every node writes the time it got each message. */
  interface Deliveries {
    void delivered(int message, int node, long nanos);
  }

  BenchNode(int index, Path parent, SwarmKey key, Deliveries deliveries) {
    this.index = index;
    this.deliveries = deliveries;
    root = parent.resolve("node-" + index);
    try {
      Files.createDirectories(root.resolve("data"));
      key.writeNew(root.resolve("data").resolve("swarm.key"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  NodeId id() {
    return identity.nodeId();
  }

  /**
   * Activates the mesh with these settings (and loopback, port 0), then subscribes {@code topic}.
   */
  void start(Map<String, Object> settings, String topic) {
    Map<String, Object> config = new HashMap<>(settings);
    config.put("host", "127.0.0.1");
    config.put("port", 0);
    NodeHome home =
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
    mesh = new MeshService();
    set(mesh, "identity", identity);
    set(mesh, "home", home);
    set(mesh, "logger", RecordingLogger.into(log));
    try {
      Class<?> type = Class.forName("sovereign.mesh.MeshConfig", true, getClass().getClassLoader());
      invoke(mesh, "activate", new Class<?>[] {type}, Configs.of(type, config));
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException(e);
    }
    if (mesh.status().listening().isEmpty()) {
      throw new IllegalStateException("node " + index + " did not start: " + log);
    }
    mesh.subscribe(topic, this::onMessage);
  }

  private void onMessage(MeshMessage m) {
    long now = System.nanoTime();
    deliveries.delivered(ByteBuffer.wrap(m.payload()).getInt(), index, now);
  }

  String address() {
    return "127.0.0.1:" + mesh.status().listening().orElseThrow().getPort();
  }

  void publish(String topic, int message) {
    mesh.publish(topic, ByteBuffer.allocate(PAYLOAD_BYTES).putInt(message).array());
  }

  List<PeerInfo> peers() {
    return mesh.peers();
  }

  /** Our mesh peers for {@code topic}, by NodeID, and how many connected peers subscribe to it. */
  TopicState topic(String topic) {
    Optional<?> runtime = (Optional<?>) invoke(mesh, "runtime", new Class<?>[0]);
    if (runtime.isEmpty()) {
      return new TopicState(List.of(), 0);
    }
    RouterView view = (RouterView) invoke(runtime.get(), "view", new Class<?>[0]);
    RouterView.TopicView t = view.topic(topic);
    if (t == null) {
      return new TopicState(List.of(), 0);
    }
    List<NodeId> peers = new ArrayList<>();
    for (PeerKey k : t.mesh()) {
      peers.add(NodeId.fromPublicKey(k.ed25519PublicKey()));
    }
    return new TopicState(peers, t.knownSubscribers());
  }

  /** A node's gossip state for one topic. */
  record TopicState(List<NodeId> mesh, int subscribers) {}

  /** Log lines at WARN or ERROR: a healthy run has none worth mentioning. */
  List<String> problems() {
    synchronized (log) {
      return log.stream().filter(l -> l.startsWith("WARN") || l.startsWith("ERROR")).toList();
    }
  }

  @Override
  public void close() {
    if (mesh != null) {
      invoke(mesh, "deactivate", new Class<?>[0]);
      mesh = null;
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

  private static Object invoke(Object target, String method, Class<?>[] types, Object... args) {
    try {
      Method m = target.getClass().getDeclaredMethod(method, types);
      m.setAccessible(true);
      return m.invoke(target, args);
    } catch (InvocationTargetException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException(e.getCause());
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
  }
}
