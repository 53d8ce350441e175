package sovereign.api.deploy;

import java.time.Instant;
import java.util.Optional;

/**
 * One line of the deployment history: a bundle's change in one transaction and how it ended.
 *
 * @param transaction the transaction's id
 * @param from the version before, empty for an install
 * @param to the version after, empty for an uninstall
 * @param reason why the change was rolled back
 */
public record HistoryRecord(
    Instant time,
    String transaction,
    Deployment.Action action,
    String symbolicName,
    Optional<String> from,
    Optional<String> to,
    Deployment.Outcome outcome,
    Optional<String> reason,
    long millis) {}
