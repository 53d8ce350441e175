package sovereign.api.policy;

import java.util.Objects;

/**
 * The policy's answer to one request.
 *
 * @param verdict allowed, refused, or waiting for the operator
 * @param reason why it was refused or is waiting; empty when allowed
 * @param approvalId the id the operator answers ({@code policy:approve <id>}), when pending; empty
 *     otherwise
 */
public record Decision(Verdict verdict, String reason, String approvalId) {

  /** Allowed. The one instance every allowed request gets: allowing allocates nothing. */
  public static final Decision ALLOW = new Decision(Verdict.ALLOW, "", "");

  /** The kinds of answer. */
  public enum Verdict {
    /** Go ahead. */
    ALLOW,
    /** Refused; {@link #reason()} says why. */
    DENY,
    /** Waits for a local human decision on {@link #approvalId()}. */
    PENDING
  }

  public Decision {
    Objects.requireNonNull(verdict, "verdict");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(approvalId, "approvalId");
  }

  /** A refusal. */
  public static Decision deny(String reason) {
    return new Decision(Verdict.DENY, reason, "");
  }

  /** Waiting for the operator to answer {@code approvalId}. */
  public static Decision pending(String approvalId, String reason) {
    return new Decision(Verdict.PENDING, reason, approvalId);
  }

  /** Whether the request may go ahead. */
  public boolean allowed() {
    return verdict == Verdict.ALLOW;
  }

  @Override
  public String toString() {
    return switch (verdict) {
      case ALLOW -> "ALLOW";
      case DENY -> "DENY: " + reason;
      case PENDING -> "PENDING " + approvalId + ": " + reason;
    };
  }
}
