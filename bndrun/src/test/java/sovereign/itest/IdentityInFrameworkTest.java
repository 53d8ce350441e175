package sovereign.itest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.util.tracker.ServiceTracker;
import sovereign.api.identity.NodeHome;
import sovereign.api.identity.NodeId;
import sovereign.api.identity.NodeIdentity;
import sovereign.api.node.NodeControl;
import sovereign.api.node.NodeState;

/** The identity bundle in a real Felix with DS, beside the node bundle. */
class IdentityInFrameworkTest {

  @InjectBundleContext BundleContext context;

  @Test
  void identityServiceIsRegisteredWithANodeIdThatEncodesItsKey(
      @InjectService(timeout = 20_000) NodeIdentity identity) {
    NodeId id = identity.nodeId();
    assertThat(id.toString()).startsWith("12D3KooW");
    assertThat(id.publicKey()).isEqualTo(identity.signingPublicKey());
    byte[] message = "in-framework".getBytes();
    assertThat(identity.verify(id, message, identity.sign(message))).isTrue();
  }

  @Test
  void firstBootCreatesTheNodeHomeLayout(
      @InjectService(timeout = 20_000) NodeIdentity identity,
      @InjectService(timeout = 20_000) NodeHome home) {
    assertThat(home.nodeId()).isEqualTo(identity.nodeId());
    assertThat(home.root().getFileName().toString()).isEqualTo(identity.nodeId().toString());
    assertThat(home.root().getParent().getFileName().toString()).isEqualTo("nodes");
    for (var dir :
        new java.nio.file.Path[] {
          home.data(), home.memory(), home.sandbox(), home.economy(), home.logs(), home.deploy()
        }) {
      assertThat(dir).isDirectory();
    }
    assertThat(home.data().resolve("identity.key")).isRegularFile();
    assertThat(home.data().resolve("fingerprint.json")).isRegularFile();
  }

  @Test
  void restartingTheIdentityBundleKeepsTheNodeId(
      @InjectService(timeout = 20_000) NodeIdentity before) throws Exception {
    Bundle identityBundle = bundle("sovereign.identity");
    identityBundle.stop();
    identityBundle.start();
    ServiceTracker<NodeIdentity, NodeIdentity> tracker =
        new ServiceTracker<>(context, NodeIdentity.class, null);
    tracker.open();
    try {
      NodeIdentity after = tracker.waitForService(20_000);
      assertThat(after).isNotNull().isNotSameAs(before);
      assertThat(after.nodeId()).isEqualTo(before.nodeId());
      assertThat(after.encryptionPublicKey()).isEqualTo(before.encryptionPublicKey());
    } finally {
      tracker.close();
    }
  }

  @Test
  void bootSupervisorReportsTheIdentityAsAnUpCoreService(
      @InjectService(timeout = 20_000) NodeIdentity identity,
      @InjectService(timeout = 20_000) NodeControl control)
      throws InterruptedException {
    long deadline = System.currentTimeMillis() + 20_000;
    while (control.status().state() == NodeState.BOOTING && System.currentTimeMillis() < deadline) {
      Thread.sleep(20);
    }
    var status = control.status();
    assertThat(status.state()).isEqualTo(NodeState.RUNNING);
    assertThat(status.readyAfterMillis()).isPresent();
    assertThat(status.coreServices())
        .anySatisfy(
            s -> {
              assertThat(s.service()).isEqualTo(NodeIdentity.class.getName());
              assertThat(s.bundle()).isEqualTo("sovereign.identity");
              assertThat(s.up()).isTrue();
            });
  }

  @Test
  void logEventsAreWrittenAsJsonLinesUnderTheNodeHome(
      @InjectService(timeout = 20_000) NodeHome home) throws Exception {
    var file = home.logs().resolve("node.jsonl");
    long deadline = System.currentTimeMillis() + 20_000;
    while (!Files.exists(file) && System.currentTimeMillis() < deadline) {
      Thread.sleep(20);
    }
    var lines = Files.readAllLines(file);
    assertThat(lines).isNotEmpty();
    assertThat(lines)
        .allSatisfy(l -> assertThat(l).startsWith("{\"time\":").endsWith("}"))
        .anySatisfy(l -> assertThat(l).contains("\"bundle\":\"sovereign.node\""));
  }

  private Bundle bundle(String symbolicName) {
    for (Bundle b : context.getBundles()) {
      if (symbolicName.equals(b.getSymbolicName())) {
        return b;
      }
    }
    throw new AssertionError("no bundle " + symbolicName);
  }
}
