package sovereign.api.policy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The node's capability policy. Nothing is allowed unless granted; an explicit denial beats any
 * grant; a granted request then runs, waits for the operator, or is refused by its risk tier; while
 * the {@link KillSwitch} is thrown everything is refused. Every decision is audited.
 *
 * <p>A subject is a skill name: lower-case letters, digits, {@code .}, {@code _} and {@code -},
 * starting with a letter or digit, at most 64 characters.
 */
@ProviderType
public interface Policy {

  /**
   * Decides one request and audits the decision. No I/O: the allowed path allocates only the audit
   * record. A MEDIUM-tier request creates one pending approval (asked again, it returns the same
   * one); once approved, the same request is allowed for a while (docs/policy.md). An allowed
   * {@code ledger.spend} counts toward the subject's daily limit.
   */
  Decision decide(String subject, Request request);

  /**
   * What {@link #decide} would answer now, without auditing, creating an approval or counting a
   * spend.
   */
  Decision check(String subject, Request request);

  /**
   * Waits for the operator's answer to a pending approval.
   *
   * @return ALLOW if approved (the request is then allowed by {@link #decide}), DENY if denied,
   *     expired or unknown, PENDING if the timeout passed first
   */
  Decision awaitAnswer(String approvalId, Duration timeout) throws InterruptedException;

  /**
   * Checks a file access by a subject and returns the real path to use: the text is normalised
   * (NFC) and refused if it is absolute or has {@code ..}, a NUL or control character, a backslash,
   * a {@code %} escape or compatibility look-alike characters; the access is decided as {@code
   * fs.read} or {@code fs.write} (audited); every existing part of the path is resolved through
   * symbolic links and must stay inside {@code <node>/sandbox/<subject>/}.
   *
   * @param path relative to the subject's sandbox, {@code /}-separated
   * @param write whether the file will be created or written (checks {@code fs.write})
   * @throws PolicyRefusedException with the reason, if refused or pending
   */
  Path resolveInSandbox(String subject, String path, boolean write);

  /** {@code <node>/sandbox/<subject>}, created if missing. */
  Path sandbox(String subject);

  /** Every subject's grants and denials, in the order they were given. */
  Map<String, List<Capability>> grants();

  /** The tier of a capability name ({@code net.connect}, {@code host.log}, ...). */
  RiskTier tier(String capability);
}
