package sovereign.itest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Hashtable;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.apache.felix.service.command.CommandProcessor;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import sovereign.api.identity.NodeIdentity;
import sovereign.api.mesh.Blobs;
import sovereign.api.mesh.Mesh;
import sovereign.api.mesh.Verdict;

/**
 * The mesh bundle in Felix with the real identity: it resolves with its Netty bundles, runs alone
 * until the operator makes a swarm key, then listens and delivers its own messages, with the
 * heartbeat and replication components subscribed, and stores and lists blobs.
 */
class MeshInFrameworkTest {

  @InjectBundleContext BundleContext context;

  @Test
  void theMeshRunsAloneUntilKeygenThenListensAndDeliversToItsOwnSubscribers(
      @InjectService(timeout = 20_000) NodeIdentity identity,
      @InjectService(timeout = 20_000) ConfigurationAdmin admin,
      @InjectService(timeout = 20_000) CommandProcessor processor,
      @InjectService(timeout = 20_000) ServiceComponentRuntime scr)
      throws Exception {
    assertThat(bundle("sovereign.mesh").getState()).isEqualTo(Bundle.ACTIVE);
    GogoShell shell = new GogoShell(processor);

    // Loopback and an ephemeral port, so the test never collides with a node on 4001.
    Configuration config = admin.getConfiguration("sovereign.mesh", "?");
    Hashtable<String, Object> properties = new Hashtable<>();
    properties.put("host", "127.0.0.1");
    properties.put("port", 0);
    config.updateIfDifferent(properties);
    // Before and after the change the mesh runs alone: wait for the component that has the new
    // settings, then for its commands (they are re-registered with it).
    ComponentDescriptionDTO component =
        scr.getComponentDescriptionDTO(bundle("sovereign.mesh"), "sovereign.mesh.MeshService");
    await(
        () ->
            scr.getComponentConfigurationDTOs(component).stream()
                .anyMatch(
                    c ->
                        c.state == ComponentConfigurationDTO.ACTIVE
                            && Integer.valueOf(0).equals(c.properties.get("port"))),
        "the mesh component active with port 0");
    await(() -> statusOf(shell).contains("listening: no"), "the reconfigured mesh runs alone");

    Mesh alone = mesh();
    assertThat(alone.nodeId()).isEqualTo(identity.nodeId());
    assertThat(alone.status().running()).isFalse();
    assertThatThrownBy(() -> alone.publish("itest/news", new byte[] {1}))
        .isInstanceOf(IllegalStateException.class);
    assertThat(shell.run("mesh:peers")).startsWith("no peers: the mesh is not running");

    assertThat(shell.run("mesh:keygen")).startsWith("wrote ").contains("swarm.key");
    await(() -> mesh().status().running(), "the mesh runs with its new key");
    Mesh mesh = mesh();
    assertThat(mesh.status().listening())
        .hasValueSatisfying(a -> assertThat(a.getPort()).isPositive());
    assertThat(statusOf(shell)).contains("listening: 127.0.0.1:");
    // The heartbeat and replication components subscribe to their topics through the service.
    await(
        () -> mesh().status().topics().containsAll(List.of("sovereign/heartbeat/1")),
        "heartbeats subscribed: " + mesh().status().topics());
    assertThat(mesh.status().topics()).anyMatch(t -> t.startsWith("sovereign/ledger/"));

    List<String> received = new CopyOnWriteArrayList<>();
    try (AutoCloseable validator =
            mesh.registerValidator(
                "itest/news", m -> m.payload().length > 0 ? Verdict.ACCEPT : Verdict.REJECT);
        AutoCloseable subscription =
            mesh.subscribe(
                "itest/news", m -> received.add(new String(m.payload(), StandardCharsets.UTF_8)))) {
      assertThat(shell.run("mesh:publish itest/news hello").trim()).hasSize(64);
      await(() -> received.contains("hello"), "the node's own subscriber got its message");
      assertThatThrownBy(() -> mesh.publish("itest/news", new byte[0]))
          .isInstanceOf(IllegalStateException.class);
    }
    assertThat(received).containsExactly("hello");

    // Blobs: the operator stores a file and the node lists and serves it by its hash.
    Path file = Files.createTempFile("itest-blob", ".bin");
    Files.write(file, "a blob for the swarm".getBytes(StandardCharsets.UTF_8));
    String put = shell.run("mesh:blob put " + file);
    String sha256 = put.trim().split("\\s+")[0];
    assertThat(sha256).matches("[0-9a-f]{64}");
    Blobs blobs = context.getService(context.getServiceReference(Blobs.class));
    assertThat(blobs.has(sha256)).isTrue();
    assertThat(blobs.path(sha256))
        .hasValueSatisfying(p -> assertThat(p).hasSameBinaryContentAs(file));
    assertThat(shell.run("mesh:blob list")).contains(sha256);
    assertThatThrownBy(() -> shell.run("mesh:blob get nothex"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'nothex'");
  }

  private Mesh mesh() {
    return context.getService(context.getServiceReference(Mesh.class));
  }

  private static String statusOf(GogoShell shell) {
    try {
      return shell.run("mesh:status");
    } catch (Exception e) {
      return e.toString();
    }
  }

  private Bundle bundle(String symbolicName) {
    for (Bundle b : context.getBundles()) {
      if (symbolicName.equals(b.getSymbolicName())) {
        return b;
      }
    }
    throw new AssertionError(symbolicName + " is not installed");
  }

  private static void await(BooleanSupplier condition, String what) throws InterruptedException {
    long end = System.nanoTime() + 20_000_000_000L;
    while (System.nanoTime() < end) {
      try {
        if (condition.getAsBoolean()) {
          return;
        }
      } catch (RuntimeException e) {
        // The mesh service is between two registrations while its component restarts.
      }
      Thread.sleep(50);
    }
    throw new AssertionError("timed out waiting: " + what);
  }
}
