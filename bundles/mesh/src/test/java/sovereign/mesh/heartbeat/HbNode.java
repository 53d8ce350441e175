package sovereign.mesh.heartbeat;

import java.lang.reflect.Array;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import sovereign.api.identity.NodeId;
import sovereign.api.mesh.Mesh;
import sovereign.mesh.SwarmKey;
import sovereign.testing.Configs;
import sovereign.testing.RecordingLogger;

/**
 * A mesh node ({@code sovereign.mesh.TestNode}, reached by reflection since it is package-private
 * to {@code sovereign.mesh}) with a {@link Heartbeats} driven without OSGi.
 */
final class HbNode implements AutoCloseable {

  private static final Class<?> TEST_NODE;
  private static final Constructor<?> NEW;

  static {
    try {
      TEST_NODE = Class.forName("sovereign.mesh.TestNode");
      NEW = TEST_NODE.getDeclaredConstructor(Path.class, String.class, SwarmKey.class);
      NEW.setAccessible(true);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  final Object node;
  final List<String> log = new CopyOnWriteArrayList<>();
  final Map<String, Object> hbConfig = new HashMap<>();
  Heartbeats heartbeats;
  HeartbeatCommands commands;

  HbNode(Path dir, String name, SwarmKey key) {
    try {
      node = NEW.newInstance(dir, name, key);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
    hbConfig.put("intervalMillis", 200L);
    hbConfig.put("missedBeats", 3);
    hbConfig.put("peerExchangeMillis", 300L);
  }

  private Object call(String name, Class<?>[] types, Object... args) {
    try {
      Method m = TEST_NODE.getDeclaredMethod(name, types);
      m.setAccessible(true);
      return m.invoke(node, args);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e.getCause() == null ? e : e.getCause());
    }
  }

  private Object field(String name) {
    try {
      Field f = TEST_NODE.getDeclaredField(name);
      f.setAccessible(true);
      return f.get(node);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
  }

  HbNode bootstrap(HbNode... others) {
    Object array = Array.newInstance(TEST_NODE, others.length);
    for (int i = 0; i < others.length; i++) {
      Array.set(array, i, others[i].node);
    }
    call("bootstrap", new Class<?>[] {array.getClass()}, array);
    return this;
  }

  HbNode start() {
    call("start", new Class<?>[0]);
    return this;
  }

  Mesh mesh() {
    return (Mesh) field("service");
  }

  NodeId id() {
    return mesh().nodeId();
  }

  int peers() {
    return mesh().status().peers();
  }

  boolean connectedTo(HbNode other) {
    return mesh().peers().stream().anyMatch(p -> p.nodeId().equals(other.id()));
  }

  HbNode beat() {
    heartbeats = new Heartbeats();
    heartbeats.mesh = mesh();
    heartbeats.logger = RecordingLogger.into(log);
    heartbeats.nodeVersion = () -> "9.9.9";
    heartbeats.bundleVersions = () -> Map.of("sovereign.mesh", "0.1.0");
    heartbeats.start(Configs.of(HeartbeatConfig.class, hbConfig));
    commands = new HeartbeatCommands();
    commands.heartbeats = heartbeats;
    return this;
  }

  void stopBeating() {
    if (heartbeats != null) {
      heartbeats.deactivate();
      heartbeats = null;
    }
  }

  @Override
  public void close() {
    stopBeating();
    call("stop", new Class<?>[0]);
  }
}
