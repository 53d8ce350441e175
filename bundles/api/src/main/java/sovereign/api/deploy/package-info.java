/**
 * Signed deployment: trusted publishers, signature checks before anything is installed, the drop
 * folder, and transactional updates of one bundle or a set, with a health gate and automatic
 * rollback.
 *
 * <p>Every bundle may register {@link HealthCheck} services; each core bundle registers one that
 * really exercises it. The deploy bundle runs them after every update (docs/deploy.md, "Health
 * gate").
 *
 * <p>Provided by the {@code sovereign.deploy} bundle. See docs/deploy.md.
 */
@Export
@Version("1.0.0")
package sovereign.api.deploy;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
