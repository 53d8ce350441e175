package sovereign.skills;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import sovereign.api.policy.Capability;
import sovereign.api.policy.Decision;
import sovereign.api.policy.Policy;
import sovereign.api.policy.Request;
import sovereign.api.policy.RiskTier;

/**
 * The least a policy check can cost: the capability looked up in a set of grants; nothing recorded,
 * nothing audited. For information beside the real policy.
 */
record AllowListPolicy(FakePolicy granted) implements Policy {
  @Override
  public Decision decide(String subject, Request request) {
    return granted.check(subject, request);
  }

  @Override
  public Decision check(String subject, Request request) {
    return granted.check(subject, request);
  }

  @Override
  public Decision awaitAnswer(String approvalId, Duration timeout) {
    return Decision.deny("no approvals here");
  }

  @Override
  public Path resolveInSandbox(String subject, String path, boolean write) {
    throw new UnsupportedOperationException();
  }

  @Override
  public Path sandbox(String subject) {
    throw new UnsupportedOperationException();
  }

  @Override
  public Map<String, List<Capability>> grants() {
    return Map.of();
  }

  @Override
  public RiskTier tier(String capability) {
    return RiskTier.LOW;
  }
}
