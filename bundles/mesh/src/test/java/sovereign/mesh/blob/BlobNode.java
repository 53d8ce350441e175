package sovereign.mesh.blob;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import sovereign.api.identity.NodeHome;
import sovereign.api.identity.NodeId;
import sovereign.mesh.MeshService;
import sovereign.mesh.SwarmKey;
import sovereign.mesh.transport.TestIdentity;
import sovereign.testing.Await;
import sovereign.testing.Configs;
import sovereign.testing.RecordingLogger;

/**
 * One node for the blob tests: a real {@link MeshService} on loopback, driven as DS would (by
 * reflection, since its seams are package-private), and optionally a {@link BlobService} on it.
 */
final class BlobNode implements AutoCloseable {

  final TestIdentity identity = TestIdentity.random();
  final Path root;
  final List<String> log = new CopyOnWriteArrayList<>();
  final Map<String, Object> blobConfig = new HashMap<>();
  MeshService mesh;
  BlobService blobs;

  BlobNode(Path parent, String name, SwarmKey key) {
    root = parent.resolve(name);
    try {
      Files.createDirectories(root.resolve("data"));
      key.writeNew(root.resolve("data").resolve("swarm.key"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    blobConfig.put("chunkBytes", 64 * 1024);
    blobConfig.put("requestTimeoutMillis", 20_000L);
  }

  NodeId id() {
    return identity.nodeId();
  }

  NodeHome home() {
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

  /** Starts the mesh, dialling {@code others}. */
  BlobNode startMesh(BlobNode... others) {
    Map<String, Object> config = new HashMap<>();
    config.put("host", "127.0.0.1");
    config.put("port", 0);
    config.put("heartbeatMillis", 100L);
    config.put("redialMillis", 100L);
    config.put("redialMaxMillis", 800L);
    config.put(
        "bootstrap",
        Arrays.stream(others)
            .map(o -> "127.0.0.1:" + o.mesh.status().listening().orElseThrow().getPort())
            .toArray(String[]::new));
    mesh = new MeshService();
    set(mesh, "identity", identity);
    set(mesh, "home", home());
    set(mesh, "logger", RecordingLogger.into(log));
    invoke(mesh, "activate", "sovereign.mesh.MeshConfig", config);
    return this;
  }

  BlobNode startBlobs() {
    blobs = new BlobService();
    blobs.mesh = mesh;
    blobs.home = home();
    blobs.logger = RecordingLogger.into(log);
    try {
      blobs.activate(Configs.of(BlobConfig.class, blobConfig));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return this;
  }

  void stopBlobs() {
    if (blobs != null) {
      try {
        blobs.deactivate();
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
      blobs = null;
    }
  }

  int peers() {
    return mesh.status().peers();
  }

  Path blobDir() {
    return root.resolve("data").resolve(BlobService.DIR);
  }

  @Override
  public void close() {
    stopBlobs();
    if (mesh != null) {
      invoke(mesh, "deactivate", null, null);
      mesh = null;
    }
  }

  static void await(java.util.function.BooleanSupplier condition, String what) {
    Await.until(condition, what, Duration.ofSeconds(30));
  }

  private static void set(Object target, String field, Object value) {
    try {
      Field f = target.getClass().getDeclaredField(field);
      f.setAccessible(true);
      f.set(target, value);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void invoke(
      Object target, String method, String configType, Map<String, Object> config) {
    try {
      if (configType == null) {
        Method m = target.getClass().getDeclaredMethod(method);
        m.setAccessible(true);
        m.invoke(target);
        return;
      }
      Class<?> type = Class.forName(configType, true, target.getClass().getClassLoader());
      Method m = target.getClass().getDeclaredMethod(method, type);
      m.setAccessible(true);
      m.invoke(target, Configs.of(type, config));
    } catch (java.lang.reflect.InvocationTargetException e) {
      throw new IllegalStateException(e.getCause());
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
  }
}
