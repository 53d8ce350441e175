package sovereign.policy;

import java.util.Objects;
import sovereign.api.policy.Request;

/**
 * One audited event, as queued: what happened, to whom, for which request, why.
 *
 * @param millis when (epoch milliseconds)
 * @param event allow, deny, pending, approved, rejected, expired, halted, resumed, grant, revoke,
 *     policy-file
 * @param subject the subject, or empty
 * @param request the request decided, or null
 * @param reason why, or empty
 * @param approval the approval id, or empty
 */
record AuditEvent(
    long millis, String event, String subject, Request request, String reason, String approval) {

  static final String ALLOW = "allow";
  static final String DENY = "deny";
  static final String PENDING = "pending";
  static final String APPROVED = "approved";
  static final String REJECTED = "rejected";
  static final String EXPIRED = "expired";
  static final String HALTED = "halted";
  static final String RESUMED = "resumed";
  static final String GRANT = "grant";
  static final String REVOKE = "revoke";
  static final String POLICY_FILE = "policy-file";

  /** The same event apart from its time: consecutive ones are written as one line with a count. */
  boolean sameAs(AuditEvent o) {
    return event.equals(o.event)
        && subject.equals(o.subject)
        && Objects.equals(request, o.request)
        && reason.equals(o.reason)
        && approval.equals(o.approval);
  }
}
