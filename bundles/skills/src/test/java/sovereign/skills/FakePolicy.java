package sovereign.skills;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import sovereign.api.policy.Capability;
import sovereign.api.policy.Decision;
import sovereign.api.policy.Policy;
import sovereign.api.policy.PolicyRefusedException;
import sovereign.api.policy.Request;
import sovereign.api.policy.RiskTier;

/** Deny by default: allows exactly the capability names granted to a subject; records requests. */
class FakePolicy implements Policy {

  private final Map<String, Set<String>> grants = new ConcurrentHashMap<>();
  private final Path sandboxes;
  final List<String> decided = java.util.Collections.synchronizedList(new ArrayList<>());

  /** A policy without sandboxes. */
  FakePolicy() {
    this(null);
  }

  /** A policy whose sandboxes are {@code <sandboxes>/<subject>}. */
  FakePolicy(Path sandboxes) {
    this.sandboxes = sandboxes;
  }

  FakePolicy grant(String subject, String... capabilities) {
    grants
        .computeIfAbsent(subject, s -> ConcurrentHashMap.newKeySet())
        .addAll(List.of(capabilities));
    return this;
  }

  FakePolicy revoke(String subject, String capability) {
    grants.getOrDefault(subject, Set.of()).remove(capability);
    return this;
  }

  @Override
  public Decision decide(String subject, Request request) {
    decided.add(subject + " " + request.capability());
    return check(subject, request);
  }

  @Override
  public Decision check(String subject, Request request) {
    return grants.getOrDefault(subject, Set.of()).contains(request.capability())
        ? Decision.ALLOW
        : Decision.deny(request.capability() + " is not granted to " + subject);
  }

  @Override
  public Decision awaitAnswer(String approvalId, Duration timeout) {
    return Decision.deny("no approvals here");
  }

  @Override
  public Path resolveInSandbox(String subject, String path, boolean write) {
    // The real checks are the policy bundle's (SandboxPaths); this one refuses the obvious.
    Decision decision = decide(subject, write ? Request.fsWrite(path) : Request.fsRead(path));
    if (!decision.allowed()) {
      throw new PolicyRefusedException(decision);
    }
    if (path.isEmpty() || path.startsWith("/") || path.contains("..") || path.contains("%")) {
      throw new PolicyRefusedException(Decision.deny("'" + path + "' is not a sandbox path"));
    }
    return sandbox(subject).resolve(path);
  }

  @Override
  public Path sandbox(String subject) {
    if (sandboxes == null) {
      throw new UnsupportedOperationException("no sandboxes in this test");
    }
    Path sandbox = sandboxes.resolve(subject);
    try {
      return Files.createDirectories(sandbox);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
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
