package sovereign.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.BundleContext;
import org.osgi.service.log.Logger;
import sovereign.api.deploy.HealthResult;
import sovereign.api.identity.NodeHome;
import sovereign.api.identity.NodeId;
import sovereign.api.identity.NodeIdentity;
import sovereign.api.node.NodeControl;

/** The identity's health check on a booted node, a halted one, and broken keys or files. */
class IdentityHealthCheckTest {

  @TempDir Path home;

  @Test
  void aBootedNodeSignsAndVerifiesAndItsFingerprintMatches() {
    IdentityHealthCheck check = check(boot(Machines.ALPHA));

    HealthResult result = check.check();

    assertThat(result.healthy()).as(result.detail()).isTrue();
    assertThat(result.detail())
        .startsWith("node " + check.identity.nodeId() + ": signs and verifies a fresh challenge");
  }

  @Test
  void aHaltedNodeIsUnhealthyWithTheHaltReason() {
    boot(Machines.ALPHA);
    IdentityHealthCheck check = check(boot(Machines.with(Machines.ALPHA, "hostname", "moved")));

    HealthResult result = check.check();

    assertThat(result.healthy()).isFalse();
    assertThat(result.detail())
        .startsWith("the node identity is not up: hardware fingerprint does not match node");
  }

  @Test
  void aFingerprintFileGoneSinceTheBootIsFound() throws Exception {
    IdentityBoot boot = boot(Machines.ALPHA);
    IdentityHealthCheck check = check(boot);
    Files.delete(boot.outcome().home().orElseThrow().fingerprintFile());

    HealthResult result = check.check();

    assertThat(result.healthy()).isFalse();
    assertThat(result.detail()).contains("cannot be checked").contains("is missing");
  }

  @Test
  void aSignatureThatDoesNotVerifyIsFound() {
    IdentityHealthCheck check = check(boot(Machines.ALPHA));
    NodeIdentity real = check.identity;
    NodeIdentity broken = mock(NodeIdentity.class);
    when(broken.nodeId()).thenReturn(real.nodeId());
    when(broken.signingPublicKey()).thenReturn(real.signingPublicKey());
    when(broken.sign(any())).thenReturn(new byte[64]);
    when(broken.verify(any(), any(), any())).thenReturn(true);
    check.identity = broken;

    HealthResult result = check.check();

    assertThat(result.healthy()).isFalse();
    assertThat(result.detail())
        .isEqualTo(
            "a challenge signed by node " + real.nodeId() + " does not verify against its NodeID");
  }

  @Test
  void aKeyThatIsNotTheNodeIdsIsFound() {
    IdentityHealthCheck check = check(boot(Machines.ALPHA));
    NodeId other = NodeId.fromPublicKey(new byte[32]);
    NodeIdentity wrong = mock(NodeIdentity.class);
    when(wrong.nodeId()).thenReturn(other);
    when(wrong.signingPublicKey()).thenReturn(check.identity.signingPublicKey());
    check.identity = wrong;

    HealthResult result = check.check();

    assertThat(result.healthy()).isFalse();
    assertThat(result.detail()).contains("is not the key its NodeID embeds");
  }

  private static IdentityHealthCheck check(IdentityBoot boot) {
    IdentityHealthCheck check = new IdentityHealthCheck();
    check.boot = boot;
    check.identity = boot.outcome().identity().orElse(null);
    return check;
  }

  private IdentityBoot boot(Map<String, String> machine) {
    BundleContext context = mock(BundleContext.class);
    when(context.registerService(eq(NodeHome.class), any(NodeHome.class), any())).thenReturn(null);
    IdentityBoot boot = new IdentityBoot();
    boot.options = new TestLaunchOptions(home);
    boot.control = mock(NodeControl.class);
    boot.logger = mock(Logger.class);
    boot.probe = () -> machine;
    boot.console = ScriptedConsole.none();
    IdentityConfig config = mock(IdentityConfig.class);
    when(config.scryptLogN()).thenReturn(10);
    when(config.passphraseAttempts()).thenReturn(3);
    boot.activate(context, config);
    return boot;
  }
}
