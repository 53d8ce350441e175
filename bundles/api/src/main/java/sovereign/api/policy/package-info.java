/**
 * The node's deny-by-default capability policy: typed grants to subjects (skills), risk tiers,
 * local approvals, the kill switch and the sandbox path check.
 *
 * <p>Provided by the {@code sovereign.policy} bundle. See docs/policy.md.
 */
@Export
@Version("1.0.0")
package sovereign.api.policy;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
