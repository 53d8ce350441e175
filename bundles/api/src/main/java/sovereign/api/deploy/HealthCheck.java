package sovereign.api.deploy;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A check that a bundle works, registered as a service by the bundle it checks. After an update the
 * deploy bundle calls every health check the updated bundle registered, and rolls the update back
 * if one fails or does not answer in time (docs/deploy.md, "Health gate").
 *
 * <p>A check should exercise the bundle for real (sign and verify, read and verify the ledger's
 * tail, decide a request), take well under a second, and change nothing an operator would see.
 */
@ConsumerType
public interface HealthCheck {

  /** Service property naming the check, e.g. {@code ledger}: unique within its bundle. */
  String NAME = "sovereign.health.name";

  /**
   * Runs the check.
   *
   * @return the result; throwing counts as unhealthy, with the exception's message as the reason
   */
  HealthResult check() throws Exception;
}
