package sovereign.identity;

import java.security.SecureRandom;
import java.util.Arrays;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import sovereign.api.deploy.HealthCheck;
import sovereign.api.deploy.HealthResult;
import sovereign.api.identity.NodeId;
import sovereign.api.identity.NodeIdentity;

/**
 * The identity's health check, run by the deploy bundle after an update: the {@link NodeIdentity}
 * service is up, its public key is the one its NodeID embeds, it signs a fresh random challenge and
 * the signature verifies against the NodeID (through the service and independently of it) while a
 * changed challenge does not; and the recorded hardware fingerprint ({@code data/fingerprint.json})
 * still reads and matches this machine as the boot read it (the hardware is not probed again: that
 * takes a quarter of a second). Changes nothing.
 *
 * <p>The identity reference is optional, so that a node whose identity check halted it still has a
 * check, which says why.
 */
@Component(property = HealthCheck.NAME + "=identity")
public final class IdentityHealthCheck implements HealthCheck {

  @Reference IdentityBoot boot;

  @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
  volatile NodeIdentity identity;

  SecureRandom random = new SecureRandom();

  @Override
  public HealthResult check() {
    long start = System.nanoTime();
    NodeIdentity id = identity;
    BootSequence.Outcome outcome = boot.outcome();
    if (id == null || outcome == null) {
      return HealthResult.unhealthy(
          "the node identity is not up: "
              + (outcome == null
                  ? "its boot has not finished"
                  : outcome.haltReason().orElse("the NodeIdentity service is not registered")));
    }
    NodeId node = id.nodeId();
    if (!Arrays.equals(id.signingPublicKey(), node.publicKey())) {
      return HealthResult.unhealthy(
          "the signing key of node " + node + " is not the key its NodeID embeds");
    }
    byte[] challenge = new byte[32];
    random.nextBytes(challenge);
    byte[] signature;
    try {
      signature = id.sign(challenge);
    } catch (RuntimeException e) {
      return HealthResult.unhealthy("node " + node + " cannot sign: " + e);
    }
    if (!id.verify(node, challenge, signature)
        || !KeyMaterial.verify(node.publicKey(), challenge, signature)) {
      return HealthResult.unhealthy(
          "a challenge signed by node " + node + " does not verify against its NodeID");
    }
    byte[] changed = challenge.clone();
    changed[0] ^= 1;
    if (id.verify(node, changed, signature)) {
      return HealthResult.unhealthy(
          "verification accepts a signature of node " + node + " over a different message");
    }
    NodeHomeDirectory home = outcome.home().orElse(null);
    if (home == null || !home.nodeId().equals(node)) {
      return HealthResult.unhealthy(
          "node " + node + " is up but its boot chose " + (home == null ? "no" : home.nodeId()));
    }
    try {
      BootSequence.verifyFingerprint(home, outcome.components());
    } catch (IdentityException e) {
      return HealthResult.unhealthy(e.getMessage());
    }
    return HealthResult.healthy(
        "node "
            + node
            + ": signs and verifies a fresh challenge; the hardware fingerprint matches ("
            + (System.nanoTime() - start) / 1_000_000
            + " ms)");
  }
}
