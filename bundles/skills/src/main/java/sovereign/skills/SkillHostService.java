package sovereign.skills;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;
import org.osgi.service.metatype.annotations.Designate;
import sovereign.api.identity.NodeIdentity;
import sovereign.api.ledger.Action;
import sovereign.api.ledger.Currency;
import sovereign.api.ledger.Ledger;
import sovereign.api.ledger.Metering;
import sovereign.api.ledger.Outcome;
import sovereign.api.ledger.RefusedException;
import sovereign.api.ledger.Reservation;
import sovereign.api.policy.KillSwitch;
import sovereign.api.policy.Policy;
import sovereign.api.skills.Skill;
import sovereign.api.skills.SkillFailedException;
import sovereign.api.skills.SkillFailedException.Reason;
import sovereign.api.skills.SkillHost;
import sovereign.api.skills.SkillInfo;
import sovereign.api.skills.SkillResult;
import sovereign.util.Awaited;

/**
 * The skills host: loads skills through the {@link SkillExtender}, runs them under their limits and
 * the policy, and meters each run on the ledger (docs/skills.md, "Costs"); {@link RunningThreads}
 * stops every run when the kill switch is thrown.
 *
 * <p>The services of other bundles (policy, kill switch, metering, ledger, identity) are dynamic,
 * optional and greedy references held in {@link Awaited} holders, so that a core bundle can be
 * updated under running skills: a run leases all of them for its whole course (reserve, run,
 * settle), an update of their bundle waits for the runs on the old services to settle (at most 5
 * s), and a run that starts meanwhile waits for the new services (at most 5 s) before it is
 * refused. Also registered under its own class for the health check.
 */
@Component(
    service = {SkillHost.class, SkillHostService.class},
    configurationPid = SkillHostService.PID)
@Designate(ocd = SkillsConfig.class)
public final class SkillHostService implements SkillHost {

  static final String PID = "sovereign.skills";

  final Awaited<Policy> policy = new Awaited<>(Policy.class);
  final Awaited<KillSwitch> killSwitch = new Awaited<>(KillSwitch.class);
  final Awaited<Metering> metering = new Awaited<>(Metering.class);
  final Awaited<Ledger> ledger = new Awaited<>(Ledger.class);
  final Awaited<NodeIdentity> identity = new Awaited<>(NodeIdentity.class);

  @Reference RunningThreads running;

  @Reference(service = LoggerFactory.class)
  Logger logger;

  final SkillRegistry registry = new SkillRegistry();
  private volatile SkillsConfig config;
  private volatile Semaphore slots;
  private ModuleCache cache;
  private HttpEgress http;
  private SandboxFiles files;
  private SkillExtender extender;
  private JavaSkills javaSkills;

  @Reference(
      cardinality = ReferenceCardinality.OPTIONAL,
      policy = ReferencePolicy.DYNAMIC,
      policyOption = ReferencePolicyOption.GREEDY,
      unbind = "unbindPolicy")
  void bindPolicy(Policy service) {
    policy.bind(service);
  }

  void unbindPolicy(Policy service) {
    drained("policy", policy.unbind(service));
  }

  @Reference(
      cardinality = ReferenceCardinality.OPTIONAL,
      policy = ReferencePolicy.DYNAMIC,
      policyOption = ReferencePolicyOption.GREEDY,
      unbind = "unbindKillSwitch")
  void bindKillSwitch(KillSwitch service) {
    killSwitch.bind(service);
  }

  void unbindKillSwitch(KillSwitch service) {
    drained("kill switch", killSwitch.unbind(service));
  }

  @Reference(
      cardinality = ReferenceCardinality.OPTIONAL,
      policy = ReferencePolicy.DYNAMIC,
      policyOption = ReferencePolicyOption.GREEDY,
      unbind = "unbindMetering")
  void bindMetering(Metering service) {
    metering.bind(service);
  }

  void unbindMetering(Metering service) {
    drained("metering", metering.unbind(service));
  }

  @Reference(
      cardinality = ReferenceCardinality.OPTIONAL,
      policy = ReferencePolicy.DYNAMIC,
      policyOption = ReferencePolicyOption.GREEDY,
      unbind = "unbindLedger")
  void bindLedger(Ledger service) {
    ledger.bind(service);
  }

  void unbindLedger(Ledger service) {
    drained("ledger", ledger.unbind(service));
  }

  @Reference(
      cardinality = ReferenceCardinality.OPTIONAL,
      policy = ReferencePolicy.DYNAMIC,
      policyOption = ReferencePolicyOption.GREEDY,
      unbind = "unbindIdentity")
  void bindIdentity(NodeIdentity service) {
    identity.bind(service);
  }

  void unbindIdentity(NodeIdentity service) {
    drained("node identity", identity.unbind(service));
  }

  /** Logs an unbind that had to wait for runs; the logger may be gone when the host stops. */
  private void drained(String what, Awaited.Unbound unbound) {
    Logger log = logger;
    if (log == null || unbound.waited().toMillis() < 1) {
      return;
    }
    if (unbound.abandoned() > 0) {
      log.warn(
          "the {} went away while {} skill run(s) still used it; gave up waiting after {} ms",
          what,
          unbound.abandoned(),
          unbound.waited().toMillis());
    } else {
      log.info(
          "the {} went away; waited {} ms for the runs using it to settle",
          what,
          unbound.waited().toMillis());
    }
  }

  @Activate
  void activate(BundleContext context, SkillsConfig config) {
    this.config = config;
    this.slots = new Semaphore(Math.max(1, config.maxConcurrentRuns()));
    this.cache = new ModuleCache(Math.max(1, config.compiledModules()));
    this.http = new HttpEgress(config.maxHttpResponse(), Duration.ofSeconds(5));
    this.files = new SandboxFiles(config.sandboxQuotaBytes());
    this.javaSkills = new JavaSkills(context).open();
    this.extender = new SkillExtender(context, registry, () -> this.config, logger).open();
  }

  /** Whether the extender tracks skill bundles (between activate and deactivate). */
  boolean extenderOpen() {
    SkillExtender e = extender;
    return e != null && e.isOpen();
  }

  @Modified
  void modified(SkillsConfig config) {
    // Limits apply to skills loaded from now on; the loaded ones keep theirs until reloaded.
    this.config = config;
    this.slots = new Semaphore(Math.max(1, config.maxConcurrentRuns()));
  }

  @Deactivate
  void deactivate() {
    extender.close();
    javaSkills.close();
    http.close();
  }

  @Override
  public List<SkillInfo> skills() {
    return registry.all().stream().map(this::info).toList();
  }

  @Override
  public Optional<SkillInfo> skill(String name) {
    return registry.get(name).map(this::info);
  }

  @Override
  public SkillResult run(String name, byte[] input) throws InterruptedException {
    LoadedSkill skill =
        registry
            .get(name)
            .orElseThrow(
                () ->
                    failed(
                        SkillFailedException.Reason.UNKNOWN,
                        "no skill named '" + name + "' is loaded; skill:list shows those that are",
                        0,
                        null));
    Awaited.Leases leases;
    try {
      leases = Awaited.leaseAll(policy, killSwitch, metering, ledger, identity);
    } catch (IllegalStateException e) {
      throw failed(
          SkillFailedException.Reason.REFUSED,
          "skill " + name + " not run: " + e.getMessage(),
          0,
          e);
    }
    try (leases) {
      Run run = new Run(leases);
      if (run.killSwitch.halted() || run.running.stopping()) {
        throw failed(
            SkillFailedException.Reason.HALTED,
            "the kill switch is thrown: " + run.killSwitch.reason().orElse("") + "; nothing runs",
            0,
            null);
      }
      Semaphore slots = this.slots;
      if (!slots.tryAcquire()) {
        throw failed(
            SkillFailedException.Reason.REFUSED,
            "the node runs " + config.maxConcurrentRuns() + " skills already (maxConcurrentRuns)",
            0,
            null);
      }
      try {
        return metered(run, skill, input);
      } finally {
        slots.release();
      }
    }
  }

  /**
   * The services of one run, leased for all of it, and the host functions' services made of them:
   * what the run is decided, charged and signed with is what it leased.
   */
  private final class Run {
    final KillSwitch killSwitch;
    final Metering metering;
    final String account;
    final HostServices host;
    // Kept for the whole run: SCR clears the static fields after deactivate, while the unbinds of
    // the dynamic references still wait for this run to settle.
    final Logger logger = SkillHostService.this.logger;
    final RunningThreads running = SkillHostService.this.running;

    Run(Awaited.Leases leases) {
      Policy policy = leases.get(SkillHostService.this.policy);
      Ledger ledger = leases.get(SkillHostService.this.ledger);
      this.killSwitch = leases.get(SkillHostService.this.killSwitch);
      this.metering = leases.get(SkillHostService.this.metering);
      this.account = leases.get(identity).nodeId().toString();
      this.host =
          new HostServices(
              policy,
              files.with(policy),
              http,
              () -> ledger.wallet(account).available(Currency.IPPC),
              (skill, line) -> this.logger.info("skill {}: {}", skill, line),
              config.logLinesPerRun());
    }
  }

  private SkillResult metered(Run run, LoadedSkill skill, byte[] input)
      throws InterruptedException {
    Logger logger = run.logger;
    RunningThreads running = run.running;
    String correlation = "skill-" + skill.name() + "-" + UUID.randomUUID();
    Prepared prepared;
    try {
      prepared = prepare(run, skill, input, correlation);
    } catch (SkillException e) {
      logger.warn(
          "skill {} refused ({}): {} [{}]", skill.name(), e.kind(), e.getMessage(), correlation);
      throw failed(e.kind(), "skill " + skill.name() + ": " + e.getMessage(), 0, e);
    }
    Metering metering = run.metering;
    Action quoted = new Action.SandboxExec(skill.name(), skill.limits().wallTime().toMillis());
    Reservation reservation;
    try {
      reservation = metering.reserve(run.account, metering.quote(quoted));
    } catch (RefusedException e) {
      throw failed(
          SkillFailedException.Reason.UNPAID,
          "skill " + skill.name() + " not run: " + e.getMessage(),
          0,
          e);
    }
    long start = System.nanoTime();
    try {
      byte[] output = prepared.run();
      Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
      long cost = settle(run, reservation, skill, elapsed, Outcome.SUCCESS);
      logger.info(
          "skill {} ran in {} ms, {} bytes out, cost {} micro-IPPC ({})",
          skill.name(),
          elapsed.toMillis(),
          output.length,
          cost,
          correlation);
      return new SkillResult(skill.name(), correlation, output, elapsed, cost);
    } catch (SkillException e) {
      Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
      long cost = settle(run, reservation, skill, elapsed, Outcome.FAIL);
      SkillFailedException.Reason reason =
          running.stopping() ? SkillFailedException.Reason.HALTED : e.kind();
      String message =
          reason == SkillFailedException.Reason.HALTED
              ? "stopped by the kill switch: " + e.getMessage()
              : e.getMessage();
      logger.warn("skill {} failed ({}): {} [{}]", skill.name(), reason, message, correlation);
      throw failed(reason, "skill " + skill.name() + ": " + message, cost, e);
    } catch (InterruptedException | RuntimeException e) {
      Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
      settle(run, reservation, skill, elapsed, Outcome.FAIL);
      throw e;
    }
  }

  /** A run that passed every check that needs no running, ready to run. */
  private interface Prepared {
    byte[] run() throws InterruptedException;
  }

  /**
   * Everything that can refuse a run before it runs, and so before it is metered: the input cap,
   * compiling the module (once per module hash), its export and its imports; a Java skill's
   * service.
   */
  private Prepared prepare(Run run, LoadedSkill skill, byte[] input, String correlation) {
    if (skill.descriptor().wasm()) {
      CompiledModule module = cache.get(skill.wasm());
      WasmRunner runner = new WasmRunner(run.host, run.running);
      WasmRunner.Call call =
          new WasmRunner.Call(
              skill.name(),
              module,
              skill.descriptor().function(),
              input,
              skill.limits(),
              skill.descriptor().requested(),
              correlation);
      runner.check(call);
      return () -> runner.execute(call).output();
    }
    skill.limits().requireInput(input);
    Skill service =
        javaSkills
            .find(skill.bundle(), skill.name())
            .orElseThrow(
                () ->
                    new SkillException(
                        Reason.REFUSED,
                        "bundle "
                            + skill.bundle().getSymbolicName()
                            + " has not registered its Skill service (yet)"));
    return () -> new JavaSkillRunner(run.host, run.running).run(skill, service, input, correlation);
  }

  private long settle(
      Run run, Reservation reservation, LoadedSkill skill, Duration elapsed, Outcome outcome) {
    Action actual = new Action.SandboxExec(skill.name(), Math.max(1, elapsed.toMillis()));
    try {
      run.metering.settle(reservation, actual, outcome);
      return run.metering.quote(actual).cost();
    } catch (RuntimeException e) {
      run.logger.error(
          "the run of skill {} could not be charged ({} ms): {}",
          skill.name(),
          elapsed.toMillis(),
          e.getMessage());
      return 0;
    }
  }

  private SkillInfo info(LoadedSkill skill) {
    boolean ready =
        skill.descriptor().wasm() || javaSkills.find(skill.bundle(), skill.name()).isPresent();
    return skill.info(ready);
  }

  private static SkillFailedException failed(
      SkillFailedException.Reason reason, String message, long cost, Throwable cause) {
    return new SkillFailedException(reason, message, cost, cause);
  }
}
