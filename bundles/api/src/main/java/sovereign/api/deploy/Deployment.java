package sovereign.api.deploy;

import java.util.List;
import java.util.Optional;

/**
 * The result of one transaction.
 *
 * @param id the transaction's id, as in the journal and the history
 * @param action what was asked
 * @param outcome committed, or rolled back by the health gate (or after a crash)
 * @param changes each bundle changed, or changed and then put back
 * @param reason why it was rolled back
 * @param millis time from the start to healthy (committed) or to the end of the rollback
 */
public record Deployment(
    String id,
    Action action,
    Outcome outcome,
    List<Change> changes,
    Optional<String> reason,
    long millis) {

  public Deployment {
    changes = List.copyOf(changes);
  }

  /** What was asked. */
  public enum Action {
    INSTALL,
    UPDATE,
    SET,
    ROLLBACK,
    UNINSTALL
  }

  /** How it ended. */
  public enum Outcome {
    COMMITTED,
    ROLLED_BACK
  }

  /**
   * One bundle's change.
   *
   * @param from the version before, empty for an install
   * @param to the version after, empty for an uninstall
   */
  public record Change(String symbolicName, Optional<String> from, Optional<String> to) {}
}
