/**
 * The node as a whole: how it was launched, its boot state, and how to stop it.
 *
 * <p>Provided by the {@code sovereign.node} bundle.
 */
@Export
@Version("1.0.0")
package sovereign.api.node;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
