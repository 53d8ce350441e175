package sovereign.api.ledger;

import java.util.Objects;

/**
 * What became of an entry or receipt submitted to the ledger.
 *
 * @param status what happened
 * @param reason why, for {@link Status#REJECTED} and {@link Status#EQUIVOCATION}; else empty
 */
public record ImportResult(Status status, String reason) {

  /** The possible results. */
  public enum Status {
    /** New: recorded and applied. */
    ADDED,
    /** Already recorded: nothing changed (the attempt is audited). */
    ALREADY_RECORDED,
    /** A second entry of the actor with the same predecessor: kept as proof, actor flagged. */
    EQUIVOCATION,
    /** Not recorded: the reason says why. */
    REJECTED
  }

  public ImportResult {
    Objects.requireNonNull(status, "status");
    reason = reason == null ? "" : reason;
  }

  public static ImportResult added() {
    return new ImportResult(Status.ADDED, "");
  }

  public static ImportResult alreadyRecorded() {
    return new ImportResult(Status.ALREADY_RECORDED, "");
  }

  public static ImportResult equivocation(String reason) {
    return new ImportResult(Status.EQUIVOCATION, reason);
  }

  public static ImportResult rejected(String reason) {
    return new ImportResult(Status.REJECTED, reason);
  }
}
