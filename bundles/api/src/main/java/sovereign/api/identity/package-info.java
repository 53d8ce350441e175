/**
 * The node's hardware-bound identity: its home, its NodeID, its keys.
 *
 * <p>Provided by the {@code sovereign.identity} bundle. See docs/identity.md.
 */
@Export
@Version("1.0.0")
package sovereign.api.identity;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
