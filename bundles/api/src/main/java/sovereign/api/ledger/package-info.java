/**
 * The swarm's ledger: signed, hash-chained, double-entry entries per actor, wallets, metering of
 * computation, contribution receipts, verification and settlement snapshots.
 *
 * <p>Amounts are {@code long} micro-units (1 unit = 1 000 000 micro-units), never floating point.
 * Provided by the {@code sovereign.ledger} bundle. See docs/ledger.md.
 */
@Export
@Version("1.0.0")
package sovereign.api.ledger;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
