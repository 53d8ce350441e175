package sovereign.api.deploy;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Installs, updates and rolls back bundles, each change a transaction: every jar is verified before
 * anything changes (trusted publisher, in scope, every entry signed), a journal record is written,
 * only the affected bundles are updated and refreshed, and a health gate decides; a failed gate
 * rolls the change back on its own. See docs/deploy.md.
 *
 * <p>Updates are made in two steps so that a swarm can move together (DESIGN.md, "Upgrade path"):
 * {@link #stage} verifies an artifact and holds it beside the running version; {@link #activate}
 * applies what was staged. {@link #install} and {@link #update} do both at once.
 *
 * <p>A jar refused by verification is a {@link DeploymentRefusedException}; an update refused by
 * the health gate is not an exception but a {@link Deployment} with outcome {@link
 * Deployment.Outcome#ROLLED_BACK} and the reason.
 */
@ProviderType
public interface Deployer {

  /** Checks a jar without changing anything: the signer, its scope and the verdict. */
  VerifyResult verify(Path jar);

  /**
   * Verifies a jar and copies it into the history store, ready for {@link #activate}.
   *
   * @throws DeploymentRefusedException if verification rejects the jar
   */
  Staged stage(Path jar);

  /**
   * Applies staged artifacts as one transaction: all of them, or (after a failed health gate) none.
   * An artifact whose symbolic name is installed updates that bundle; any other is installed.
   *
   * @throws IllegalArgumentException if an id was not staged, or two artifacts have one name
   */
  Deployment activate(List<Staged> staged);

  /** Stages and activates one jar that is not installed yet. */
  Deployment install(Path jar);

  /**
   * Stages and activates a newer (or, deliberately, older) version of an installed bundle.
   *
   * @throws DeploymentRefusedException if the jar's symbolic name is not {@code symbolicName}
   */
  Deployment update(String symbolicName, Path jar);

  /**
   * Applies a deployment set: a signed jar holding several bundle jars, all or nothing (in the
   * spirit of OSGi Deployment Admin; docs/deploy.md, "Deployment sets").
   */
  Deployment applySet(Path deploymentSet);

  /** Puts a bundle back on the version it ran before its last change, through the health gate. */
  Deployment rollback(String symbolicName);

  /** Uninstalls a bundle that was deployed (never one that came with the node). */
  Deployment uninstall(String symbolicName);

  /** Every bundle of the node, with where it came from. */
  List<DeployedBundle> bundles();

  /** Past transactions, oldest first; of one bundle if a name is given. */
  List<HistoryRecord> history(Optional<String> symbolicName);
}
