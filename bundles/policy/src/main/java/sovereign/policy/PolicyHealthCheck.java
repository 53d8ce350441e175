package sovereign.policy;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import sovereign.api.deploy.HealthCheck;
import sovereign.api.deploy.HealthResult;
import sovereign.api.policy.Decision;
import sovereign.api.policy.Request;

/**
 * The policy's health check, run by the deploy bundle after an update: the policy decides a request
 * no one is ever granted (a host function that does not exist, for a subject no skill can have) and
 * must deny it; the decision is made with {@link PolicyService#check}, which evaluates exactly as
 * {@code decide} does but writes no audit record, so health checks leave no noise in the audit log.
 * Then the grant store's file ({@code data/policy.json}) and the kill switch's state file ({@code
 * data/killswitch.json}) must read. A thrown kill switch is healthy (the policy works: it denies
 * everything) and said in the detail. Changes nothing.
 */
@Component(property = HealthCheck.NAME + "=policy")
public final class PolicyHealthCheck implements HealthCheck {

  /** The subject asking; a valid skill name, reserved for this check. */
  static final String SUBJECT = "sovereign.health-check";

  /** What it asks for: a host function the host does not have, so no grant can matter. */
  static final Request NEVER_GRANTED = Request.host("sovereign_health_never_granted");

  @Reference PolicyService policy;

  @Reference GrantStore grants;

  @Reference KillSwitchService killSwitch;

  @Override
  public HealthResult check() {
    long start = System.nanoTime();
    Decision decision = policy.check(SUBJECT, NEVER_GRANTED);
    if (decision.verdict() != Decision.Verdict.DENY) {
      return HealthResult.unhealthy(
          "the policy answers "
              + decision.verdict()
              + " to "
              + NEVER_GRANTED
              + " for "
              + SUBJECT
              + ", which nothing grants: "
              + decision.reason());
    }
    String grantsProblem = grants.fileProblem();
    if (grantsProblem != null) {
      return HealthResult.unhealthy(grantsProblem);
    }
    String killSwitchProblem = killSwitch.fileProblem();
    if (killSwitchProblem != null) {
      return HealthResult.unhealthy(killSwitchProblem);
    }
    return HealthResult.healthy(
        "policy ok: denies an ungranted request ("
            + decision.reason()
            + "); policy.json and the kill switch state read; kill switch "
            + (killSwitch.halted() ? "THROWN: " + killSwitch.reason().orElse("") : "not thrown")
            + " ("
            + (System.nanoTime() - start) / 1_000_000
            + " ms)");
  }
}
