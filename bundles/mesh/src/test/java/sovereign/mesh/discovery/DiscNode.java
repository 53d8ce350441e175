package sovereign.mesh.discovery;

import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import sovereign.api.identity.NodeId;
import sovereign.api.identity.NodeIdentity;
import sovereign.api.mesh.Mesh;
import sovereign.mesh.SwarmKey;

/**
 * A real mesh node on loopback ({@code sovereign.mesh.TestNode}, reached by reflection since it is
 * package-private to {@code sovereign.mesh}), for the discovery components to run on.
 */
final class DiscNode implements AutoCloseable {

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

  DiscNode(Path dir, String name, SwarmKey key) {
    try {
      node = NEW.newInstance(dir, name, key);
      Method start = TEST_NODE.getDeclaredMethod("start");
      start.setAccessible(true);
      start.invoke(node);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
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

  Mesh mesh() {
    return (Mesh) field("service");
  }

  NodeIdentity identity() {
    return (NodeIdentity) field("identity");
  }

  NodeId id() {
    return mesh().nodeId();
  }

  int port() {
    return mesh().status().listening().orElseThrow().getPort();
  }

  boolean connectedTo(DiscNode other) {
    return mesh().peers().stream().anyMatch(p -> p.nodeId().equals(other.id()));
  }

  @Override
  public void close() {
    try {
      Method stop = TEST_NODE.getDeclaredMethod("stop");
      stop.setAccessible(true);
      stop.invoke(node);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
  }
}
