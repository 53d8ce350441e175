package sovereign.policy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;
import org.osgi.service.metatype.annotations.Designate;
import sovereign.api.identity.NodeHome;
import sovereign.api.identity.NodeIdentity;
import sovereign.api.policy.Capability;
import sovereign.api.policy.CapabilityKind;
import sovereign.api.policy.Decision;
import sovereign.api.policy.KillSwitch;
import sovereign.api.policy.Policy;
import sovereign.api.policy.PolicyRefusedException;
import sovereign.api.policy.Request;
import sovereign.api.policy.RiskTier;

/**
 * The {@link Policy} service: the kill switch, then explicit denials, then grants (with spend
 * limits), then the risk tier decide; approvals of MEDIUM requests expire on a timer. Also
 * registered under its own class for the console commands.
 */
// The NodeIdentity reference only orders the boot: no core service starts on a node whose identity
// check halted it (docs/architecture.md, "Boot").
@Component(
    service = {Policy.class, PolicyService.class},
    immediate = true,
    configurationPid = PolicyService.PID,
    reference = @Reference(name = "identity", service = NodeIdentity.class))
@Designate(ocd = PolicyConfig.class)
public final class PolicyService implements Policy {

  static final String PID = "sovereign.policy";
  static final String SPEND_FILE = "policy-spend.json";
  private static final long DAY_MILLIS = 86_400_000L;

  @Reference NodeHome home;

  @Reference GrantStore grants;

  @Reference KillSwitch killSwitch;

  @Reference AuditService audit;

  @Reference(service = LoggerFactory.class)
  Logger logger;

  Clock clock = Clock.systemUTC();

  final Approvals approvals = new Approvals();
  final SpendCounter spent = new SpendCounter();
  private volatile Settings settings;
  private ScheduledExecutorService expiry;

  /** The configuration, read. */
  record Settings(TierTable tiers, long timeoutMillis, long validityMillis, int maxPending) {}

  @Activate
  void activate(PolicyConfig config) {
    configure(config);
    try {
      spent.load(home.data().resolve(SPEND_FILE), today());
    } catch (IOException | RuntimeException e) {
      logger.error(
          "cannot read {} ({}); today's spending counts from zero",
          home.data().resolve(SPEND_FILE),
          e.getMessage());
    }
    expiry =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "sovereign-policy-expiry");
              t.setDaemon(true);
              return t;
            });
    expiry.scheduleWithFixedDelay(this::expire, 1, 1, TimeUnit.SECONDS);
  }

  @Modified
  void configure(PolicyConfig config) {
    if (config.approvalTimeoutSeconds() < 1 || config.answerValiditySeconds() < 0) {
      throw new IllegalArgumentException(
          "configuration "
              + PID
              + ": approvalTimeoutSeconds must be at least 1 and answerValiditySeconds at least 0");
    }
    settings =
        new Settings(
            new TierTable(config.tiers(), config.defaultTier()),
            config.approvalTimeoutSeconds() * 1000,
            config.answerValiditySeconds() * 1000,
            Math.max(1, config.maxPending()));
  }

  @Deactivate
  void deactivate() {
    if (expiry != null) {
      expiry.shutdownNow();
    }
    approvals.closeAll("the policy service stopped before the operator answered");
    try {
      spent.save(home.data().resolve(SPEND_FILE));
    } catch (IOException e) {
      logger.error("cannot save today's spending to {}: {}", SPEND_FILE, e.toString());
    }
  }

  @Override
  public Decision decide(String subject, Request request) {
    Decision d = evaluate(subject, request, true);
    String event =
        switch (d.verdict()) {
          case ALLOW -> AuditEvent.ALLOW;
          case DENY -> AuditEvent.DENY;
          case PENDING -> AuditEvent.PENDING;
        };
    audit.record(
        new AuditEvent(clock.millis(), event, subject, request, d.reason(), d.approvalId()));
    return d;
  }

  @Override
  public Decision check(String subject, Request request) {
    return evaluate(subject, request, false);
  }

  private Decision evaluate(String subject, Request request, boolean act) {
    if (killSwitch.halted()) {
      return Decision.deny("the kill switch is thrown: " + killSwitch.reason().orElse(""));
    }
    Rules.Subject rules = grants.rules().subject(subject);
    if (rules == null) {
      return Decision.deny(
          "'" + subject + "' has no grants (policy:grant " + subject + " <capability>)");
    }
    CapabilityKind kind = request.kind();
    Decision invalid = invalid(request);
    if (invalid != null) {
      return invalid;
    }
    int k = kind.ordinal();
    for (Rule rule : rules.deny[k]) {
      if (denies(rule, request)) {
        return Decision.deny("explicitly denied by " + rule);
      }
    }
    Rule granted = null;
    for (Rule rule : rules.allow[k]) {
      if (allows(rule, rules, request)) {
        granted = rule;
        break;
      }
    }
    if (granted == null) {
      return Decision.deny(
          "not granted: " + request + " (policy:list shows what " + subject + " has)");
    }
    Settings s = settings;
    RiskTier tier = s.tiers().tier(kind, request.target());
    if (tier == RiskTier.HIGH) {
      return Decision.deny(
          request.capability() + " is in risk tier HIGH: refused until the tier table changes");
    }
    if (kind == CapabilityKind.LEDGER_SPEND) {
      Decision limit = spendLimit(subject, request, granted);
      if (limit != null) {
        return limit;
      }
    }
    Decision answer = Decision.ALLOW;
    if (tier == RiskTier.MEDIUM) {
      answer = approvals.lookup(subject, request, clock.millis());
      if (answer == null) {
        if (!act) {
          return Decision.pending("", "would wait for the operator (risk tier MEDIUM)");
        }
        Approvals.Pending p =
            approvals.ask(subject, request, clock.instant(), s.timeoutMillis(), s.maxPending());
        if (p == null) {
          return Decision.deny(
              s.maxPending() + " approvals already wait for the operator (policy:pending)");
        }
        return Approvals.pending(p);
      }
    }
    if (answer.allowed() && act && kind == CapabilityKind.LEDGER_SPEND) {
      if (!spent.tryAdd(subject, request.currency(), request.amount(), granted.perDay, today())) {
        return overDay(request, granted);
      }
    }
    return answer;
  }

  /** Requests that no grant can cover: a bad path, host or amount. */
  private static Decision invalid(Request r) {
    switch (r.kind()) {
      case FS_READ, FS_WRITE -> {
        String problem = SandboxPaths.problem(r.target());
        return problem == null ? null : Decision.deny(problem);
      }
      case NET_CONNECT -> {
        if (NetAddresses.classify(r.target()) == NetAddresses.Kind.INVALID || r.port() == 0) {
          return Decision.deny(
              "'"
                  + r.target()
                  + ":"
                  + r.port()
                  + "' is not a host name or canonical IP address and port");
        }
        NetAddresses.Kind a = r.address().isEmpty() ? null : NetAddresses.classify(r.address());
        if (a == NetAddresses.Kind.INVALID || a == NetAddresses.Kind.NAME) {
          return Decision.deny("'" + r.address() + "' is not an IP address");
        }
        return null;
      }
      case LEDGER_SPEND -> {
        return r.amount() > 0 ? null : Decision.deny("a spend must be a positive amount");
      }
      default -> {
        return r.target().isEmpty() ? Decision.deny("the request names nothing") : null;
      }
    }
  }

  private static boolean denies(Rule rule, Request r) {
    if (r.kind() != CapabilityKind.NET_CONNECT) {
      return rule.matches(r);
    }
    return rule.matchesHost(r.target(), r.port(), false)
        || (!r.address().isEmpty() && rule.matchesHost(r.address(), r.port(), false));
  }

  /**
   * Whether a grant covers the request. A special host (loopback, private, link-local) matches only
   * a rule naming it, and a resolved special address also needs a rule naming that address.
   */
  private static boolean allows(Rule rule, Rules.Subject rules, Request r) {
    if (r.kind() != CapabilityKind.NET_CONNECT) {
      return rule.matches(r);
    }
    boolean special = NetAddresses.classify(r.target()) == NetAddresses.Kind.SPECIAL;
    if (!rule.matchesHost(r.target(), r.port(), special)) {
      return false;
    }
    if (r.address().isEmpty() || NetAddresses.classify(r.address()) != NetAddresses.Kind.SPECIAL) {
      return true;
    }
    for (Rule other : rules.allow[CapabilityKind.NET_CONNECT.ordinal()]) {
      if (other.matchesHost(r.address(), r.port(), true)) {
        return true;
      }
    }
    return false;
  }

  private Decision spendLimit(String subject, Request r, Rule granted) {
    if (r.amount() > granted.perCall) {
      return Decision.deny(
          r.capability()
              + " of "
              + sovereign.api.ledger.Amounts.format(r.amount(), r.currency())
              + " is over the per-call limit of "
              + sovereign.api.ledger.Amounts.format(granted.perCall, r.currency()));
    }
    long today = spent.spent(subject, r.currency(), today());
    return r.amount() > granted.perDay - today ? overDay(r, granted) : null;
  }

  private static Decision overDay(Request r, Rule granted) {
    return Decision.deny(
        r.capability()
            + " of "
            + sovereign.api.ledger.Amounts.format(r.amount(), r.currency())
            + " would pass the daily limit of "
            + sovereign.api.ledger.Amounts.format(granted.perDay, r.currency()));
  }

  private long today() {
    return Math.floorDiv(clock.millis(), DAY_MILLIS);
  }

  @Override
  public Decision awaitAnswer(String approvalId, Duration timeout) throws InterruptedException {
    Approvals.Pending p = approvals.get(approvalId);
    if (p == null) {
      return Decision.deny("no approval '" + approvalId + "' is waiting (answered or expired)");
    }
    CompletableFuture<Decision> answer = p.answer();
    try {
      return answer.get(Math.max(0, timeout.toMillis()), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      return Approvals.pending(p);
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    }
  }

  /** The operator's answer; audited. */
  Approvals.Pending answer(String id, boolean approve) {
    Approvals.Pending p = approvals.answer(id, approve, clock.millis(), settings.validityMillis());
    if (p != null) {
      audit.record(
          new AuditEvent(
              clock.millis(),
              approve ? AuditEvent.APPROVED : AuditEvent.REJECTED,
              p.subject(),
              p.request(),
              approve ? "approved by the operator" : "denied by the operator",
              p.id()));
    }
    return p;
  }

  /** Expires unanswered approvals; audited. The timer calls it every second. */
  void expire() {
    try {
      for (Approvals.Pending p : approvals.expire(clock.instant())) {
        audit.record(
            new AuditEvent(
                clock.millis(),
                AuditEvent.EXPIRED,
                p.subject(),
                p.request(),
                "unanswered for " + settings.timeoutMillis() / 1000 + " s: denied",
                p.id()));
      }
    } catch (RuntimeException e) {
      logger.error("expiring approvals failed: {}", e.toString());
    }
  }

  @Override
  public Path resolveInSandbox(String subject, String path, boolean write) {
    String checked;
    try {
      checked = SandboxPaths.normalise(path);
    } catch (IllegalArgumentException e) {
      Request r =
          write ? Request.fsWrite(String.valueOf(path)) : Request.fsRead(String.valueOf(path));
      Decision d = Decision.deny(e.getMessage());
      audit.record(new AuditEvent(clock.millis(), AuditEvent.DENY, subject, r, d.reason(), ""));
      throw new PolicyRefusedException(d);
    }
    Decision d = decide(subject, write ? Request.fsWrite(checked) : Request.fsRead(checked));
    if (!d.allowed()) {
      throw new PolicyRefusedException(d);
    }
    try {
      return SandboxPaths.resolve(sandbox(subject), checked);
    } catch (IllegalArgumentException e) {
      Decision escape = Decision.deny(e.getMessage());
      Request r = write ? Request.fsWrite(checked) : Request.fsRead(checked);
      audit.record(new AuditEvent(clock.millis(), AuditEvent.DENY, subject, r, e.getMessage(), ""));
      throw new PolicyRefusedException(escape);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot resolve '" + checked + "' in " + sandbox(subject), e);
    }
  }

  @Override
  public Path sandbox(String subject) {
    Path folder = home.sandbox().resolve(Subjects.check(subject));
    try {
      Files.createDirectories(folder);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + folder, e);
    }
    return folder;
  }

  @Override
  public Map<String, List<Capability>> grants() {
    return grants.rules().grants();
  }

  @Override
  public RiskTier tier(String capability) {
    CapabilityKind kind = CapabilityKind.of(capability);
    return settings.tiers().tier(kind, kind == CapabilityKind.HOST ? capability.substring(5) : "");
  }

  TierTable tiers() {
    return settings.tiers();
  }
}
