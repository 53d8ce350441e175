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

/**
 * The skills host: loads skills through the {@link SkillExtender}, runs them under their limits and
 * the policy, and meters each run on the ledger (docs/skills.md, "Costs"); {@link RunningThreads}
 * stops every run when the kill switch is thrown.
 */
@Component(service = SkillHost.class, configurationPid = SkillHostService.PID)
@Designate(ocd = SkillsConfig.class)
public final class SkillHostService implements SkillHost {

  static final String PID = "sovereign.skills";

  @Reference Policy policy;

  @Reference KillSwitch killSwitch;

  @Reference Metering metering;

  @Reference Ledger ledger;

  @Reference RunningThreads running;

  @Reference NodeIdentity identity;

  @Reference(service = LoggerFactory.class)
  Logger logger;

  final SkillRegistry registry = new SkillRegistry();
  private volatile SkillsConfig config;
  private volatile Semaphore slots;
  private ModuleCache cache;
  private HttpEgress http;
  private HostServices host;
  private SkillExtender extender;
  private JavaSkills javaSkills;

  @Activate
  void activate(BundleContext context, SkillsConfig config) {
    this.config = config;
    this.slots = new Semaphore(Math.max(1, config.maxConcurrentRuns()));
    this.cache = new ModuleCache(Math.max(1, config.compiledModules()));
    this.http = new HttpEgress(config.maxHttpResponse(), Duration.ofSeconds(5));
    this.host =
        new HostServices(
            policy,
            new SandboxFiles(policy, config.sandboxQuotaBytes()),
            http,
            () -> ledger.wallet(account()).available(Currency.IPPC),
            (skill, line) -> logger.info("skill {}: {}", skill, line),
            config.logLinesPerRun());
    this.javaSkills = new JavaSkills(context).open();
    this.extender = new SkillExtender(context, registry, () -> this.config, logger).open();
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
    if (killSwitch.halted() || running.stopping()) {
      throw failed(
          SkillFailedException.Reason.HALTED,
          "the kill switch is thrown: " + killSwitch.reason().orElse("") + "; nothing runs",
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
      return metered(skill, input);
    } finally {
      slots.release();
    }
  }

  private SkillResult metered(LoadedSkill skill, byte[] input) throws InterruptedException {
    String correlation = "skill-" + skill.name() + "-" + UUID.randomUUID();
    Prepared prepared;
    try {
      prepared = prepare(skill, input, correlation);
    } catch (SkillException e) {
      logger.warn(
          "skill {} refused ({}): {} [{}]", skill.name(), e.kind(), e.getMessage(), correlation);
      throw failed(e.kind(), "skill " + skill.name() + ": " + e.getMessage(), 0, e);
    }
    Action quoted = new Action.SandboxExec(skill.name(), skill.limits().wallTime().toMillis());
    Reservation reservation;
    try {
      reservation = metering.reserve(account(), metering.quote(quoted));
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
      long cost = settle(reservation, skill, elapsed, Outcome.SUCCESS);
      logger.info(
          "skill {} ran in {} ms, {} bytes out, cost {} micro-IPPC ({})",
          skill.name(),
          elapsed.toMillis(),
          output.length,
          cost,
          correlation);
      return new SkillResult(skill.name(), correlation, output, elapsed, cost);
    } catch (SkillException e) {
      long cost =
          settle(reservation, skill, Duration.ofNanos(System.nanoTime() - start), Outcome.FAIL);
      SkillFailedException.Reason reason =
          running.stopping() ? SkillFailedException.Reason.HALTED : e.kind();
      String message =
          reason == SkillFailedException.Reason.HALTED
              ? "stopped by the kill switch: " + e.getMessage()
              : e.getMessage();
      logger.warn("skill {} failed ({}): {} [{}]", skill.name(), reason, message, correlation);
      throw failed(reason, "skill " + skill.name() + ": " + message, cost, e);
    } catch (InterruptedException | RuntimeException e) {
      settle(reservation, skill, Duration.ofNanos(System.nanoTime() - start), Outcome.FAIL);
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
  private Prepared prepare(LoadedSkill skill, byte[] input, String correlation) {
    if (skill.descriptor().wasm()) {
      CompiledModule module = cache.get(skill.wasm());
      WasmRunner runner = new WasmRunner(host, running);
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
    return () -> new JavaSkillRunner(host, running).run(skill, service, input, correlation);
  }

  private long settle(
      Reservation reservation, LoadedSkill skill, Duration elapsed, Outcome outcome) {
    Action actual = new Action.SandboxExec(skill.name(), Math.max(1, elapsed.toMillis()));
    try {
      metering.settle(reservation, actual, outcome);
      return metering.quote(actual).cost();
    } catch (RuntimeException e) {
      logger.error(
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

  private String account() {
    return identity.nodeId().toString();
  }

  private static SkillFailedException failed(
      SkillFailedException.Reason reason, String message, long cost, Throwable cause) {
    return new SkillFailedException(reason, message, cost, cause);
  }
}
