/**
 * Skills: WebAssembly modules run on Chicory under hard limits, and Java skill bundles, loaded by
 * the {@code sovereign.skills} extender from bundles carrying a {@code Sovereign-Skill} manifest
 * header, run under the capability policy and metered on the ledger.
 *
 * <p>Provided by the {@code sovereign.skills} bundle. See docs/skills.md.
 */
@Export
@Version("1.0.0")
package sovereign.api.skills;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
