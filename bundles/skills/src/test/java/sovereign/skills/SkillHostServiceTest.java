package sovereign.skills;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import com.dylibso.chicory.wabt.Wat2Wasm;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Version;
import org.osgi.service.log.Logger;
import sovereign.api.identity.NodeId;
import sovereign.api.identity.NodeIdentity;
import sovereign.api.ledger.Action;
import sovereign.api.ledger.Currency;
import sovereign.api.ledger.Entry;
import sovereign.api.ledger.Ledger;
import sovereign.api.ledger.Metering;
import sovereign.api.ledger.Outcome;
import sovereign.api.ledger.Quote;
import sovereign.api.ledger.RefusedException;
import sovereign.api.ledger.Reservation;
import sovereign.api.ledger.Wallet;
import sovereign.api.policy.KillSwitch;
import sovereign.api.skills.SkillFailedException;
import sovereign.api.skills.SkillResult;
import sovereign.testing.Configs;

/** Runs through the host: metering around each run, the kill switch, unknown skills, limits. */
class SkillHostServiceTest {

  /** 50 IPPC a second is 50 000 micro-units a millisecond. */
  static final long MICROS_PER_MS = 50_000;

  @TempDir Path home;

  private final FakeMetering metering = new FakeMetering();
  private final FakeKillSwitch killSwitch = new FakeKillSwitch();
  private final SkillHostService host = new SkillHostService();
  private FakePolicy policy;
  private final RunningThreads running = new RunningThreads();
  private long bundleIds = 10;

  @BeforeEach
  void activate() {
    policy = new FakePolicy(home.resolve("sandbox"));
    NodeIdentity identity = mock(NodeIdentity.class);
    NodeId node = NodeId.fromPublicKey(new byte[32]);
    when(identity.nodeId()).thenReturn(node);
    Ledger ledger = mock(Ledger.class);
    when(ledger.wallet(any()))
        .thenReturn(
            new Wallet(
                node.toString(),
                Map.of(Currency.IPPC, 5L),
                Map.of(),
                0,
                false,
                Wallet.Mode.NORMAL));
    BundleContext context = mock(BundleContext.class);
    when(context.getBundles()).thenReturn(new Bundle[0]);
    host.bindPolicy(policy);
    host.bindKillSwitch(killSwitch);
    host.bindMetering(metering);
    host.bindLedger(ledger);
    host.bindIdentity(identity);
    host.logger = mock(Logger.class);
    running.logger = mock(Logger.class);
    host.running = running;
    host.activate(context, Configs.of(SkillsConfig.class, Map.of("maxConcurrentRuns", 2)));
  }

  @AfterEach
  void deactivate() {
    host.deactivate();
  }

  @Test
  void aRunReservesItsWallTimeLimitAndChargesTheTimeItUsed() throws Exception {
    load("echo", ECHO, "wall-time-ms=2000", "host.input_size, host.input_read, host.output_write");
    grant("echo", "host.input_size", "host.input_read", "host.output_write");

    SkillResult result = host.run("echo", bytes("hello"));

    assertThat(new String(result.output(), StandardCharsets.UTF_8)).isEqualTo("hello");
    assertThat(metering.reserved).containsExactly(2000 * MICROS_PER_MS);
    assertThat(metering.settled).hasSize(1);
    FakeMetering.Settled settled = metering.settled.get(0);
    assertThat(settled.outcome()).isEqualTo(Outcome.SUCCESS);
    assertThat(settled.millis()).isBetween(1L, result.elapsed().toMillis() + 1);
    assertThat(result.costMicros()).isEqualTo(settled.millis() * MICROS_PER_MS);
  }

  @Test
  void aWalletThatCannotPayIsRefusedBeforeTheRun() {
    load("echo", ECHO, "", "host.input_size, host.input_read, host.output_write");
    grant("echo", "host.input_size", "host.input_read", "host.output_write");
    metering.available = 1000;

    assertThatThrownBy(() -> host.run("echo", bytes("hello")))
        .isInstanceOfSatisfying(
            SkillFailedException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(SkillFailedException.Reason.UNPAID);
              assertThat(e.costMicros()).isZero();
            })
        .hasMessageContaining("cannot afford");
    assertThat(policy().decided)
        .as("the imports were checked, no host call was made")
        .containsExactly("echo host.input_size", "echo host.input_read", "echo host.output_write");
    assertThat(metering.settled).isEmpty();
  }

  @Test
  void aSkillThatCannotLinkIsRefusedBeforeItIsMetered() {
    load("echo", ECHO, "", "host.input_size, host.input_read, host.output_write");
    grant("echo", "host.input_size", "host.input_read");

    assertThatThrownBy(() -> host.run("echo", bytes("hello")))
        .isInstanceOfSatisfying(
            SkillFailedException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(SkillFailedException.Reason.LINK);
              assertThat(e.costMicros()).isZero();
            })
        .hasMessageContaining("import env.output_write is not granted to skill echo");
    assertThat(metering.reserved).isEmpty();
    assertThat(metering.settled).isEmpty();
  }

  @Test
  void aSkillThatRunsPastItsWallTimeIsStoppedAndChargedForTheTimeItUsed() {
    load("spin", SPIN, "wall-time-ms=300", "");

    assertThatThrownBy(() -> host.run("spin", new byte[0]))
        .isInstanceOfSatisfying(
            SkillFailedException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(SkillFailedException.Reason.TIMEOUT);
              assertThat(e.costMicros()).isGreaterThanOrEqualTo(300 * MICROS_PER_MS);
            })
        .hasMessageContaining("wall-time limit of 300 ms");
    assertThat(metering.settled)
        .singleElement()
        .extracting(FakeMetering.Settled::outcome)
        .isEqualTo(Outcome.FAIL);
  }

  @Test
  void theKillSwitchStopsARunningSkillAndRefusesNewRunsUntilResumed() throws Exception {
    load("spin", SPIN, "wall-time-ms=20000", "");
    load("echo", ECHO, "", "host.input_size, host.input_read, host.output_write");
    grant("echo", "host.input_size", "host.input_read", "host.output_write");
    CompletableFuture<Throwable> run =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                host.run("spin", new byte[0]);
                return null;
              } catch (Throwable t) {
                return t;
              }
            });
    waitUntilRunning();
    long start = System.nanoTime();

    killSwitch.halt("test");
    running.halted("test");

    Throwable stopped = run.get(5, TimeUnit.SECONDS);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
    assertThat(stopped)
        .isInstanceOfSatisfying(
            SkillFailedException.class,
            e -> assertThat(e.reason()).isEqualTo(SkillFailedException.Reason.HALTED))
        .hasMessageContaining("stopped by the kill switch");
    assertThat(metering.settled)
        .singleElement()
        .extracting(FakeMetering.Settled::outcome)
        .isEqualTo(Outcome.FAIL);
    assertThatThrownBy(() -> host.run("echo", bytes("x")))
        .isInstanceOfSatisfying(
            SkillFailedException.class,
            e -> assertThat(e.reason()).isEqualTo(SkillFailedException.Reason.HALTED))
        .hasMessageContaining("the kill switch is thrown: test");

    killSwitch.lift();
    running.resumed();
    assertThat(host.run("echo", bytes("x")).output()).isEqualTo(bytes("x"));
  }

  @Test
  void anUnknownSkillIsNamedInTheError() {
    assertThatThrownBy(() -> host.run("nope", new byte[0]))
        .isInstanceOfSatisfying(
            SkillFailedException.class,
            e -> assertThat(e.reason()).isEqualTo(SkillFailedException.Reason.UNKNOWN))
        .hasMessage("no skill named 'nope' is loaded; skill:list shows those that are");
  }

  @Test
  void runsBeyondTheConcurrencyLimitAreRefused() throws Exception {
    load("spin", SPIN, "wall-time-ms=3000", "");
    List<CompletableFuture<Void>> runs = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      runs.add(
          CompletableFuture.runAsync(
              () -> {
                try {
                  host.run("spin", new byte[0]);
                } catch (Exception e) {
                  // stopped by the kill switch below
                }
              }));
    }
    while (metering.reserved.size() < 2) {
      Thread.sleep(5);
    }

    assertThatThrownBy(() -> host.run("spin", new byte[0]))
        .isInstanceOfSatisfying(
            SkillFailedException.class,
            e -> assertThat(e.reason()).isEqualTo(SkillFailedException.Reason.REFUSED))
        .hasMessageContaining("runs 2 skills already");
    running.halted("end of test");
    CompletableFuture.allOf(runs.toArray(new CompletableFuture[0])).get(5, TimeUnit.SECONDS);
  }

  @Test
  void skillInfoShowsTheEffectiveLimitsWithinTheHostsMaxima() {
    load("greedy", ECHO, "wall-time-ms=999999999, memory-pages=60000", "host.output_write");

    var info = host.skill("greedy").orElseThrow();

    assertThat(info.limits().wallTime()).isEqualTo(Duration.ofSeconds(60));
    assertThat(info.limits().memoryPages()).isEqualTo(1024);
    assertThat(info.requested()).containsExactly("host.output_write");
    assertThat(info.moduleSha256()).hasSize(64);
    assertThat(host.skills()).extracting(i -> i.name()).containsExactly("greedy");
  }

  @Test
  void anUpdateOfTheLedgerBundleWaitsForTheRunningSkillToSettle() throws Exception {
    load("spin", SPIN, "wall-time-ms=500", "");
    CompletableFuture<Throwable> run = runAsync("spin");
    waitUntilRunning();

    long start = System.nanoTime();
    host.unbindMetering(metering); // as SCR does while the ledger bundle's Metering unregisters
    Duration waited = Duration.ofNanos(System.nanoTime() - start);

    assertThat(metering.settled).as("settled before the old metering was let go").hasSize(1);
    assertThat(waited).isGreaterThan(Duration.ofMillis(100)).isLessThan(Duration.ofSeconds(5));
    assertThat(run.get(5, TimeUnit.SECONDS))
        .isInstanceOfSatisfying(
            SkillFailedException.class,
            e -> assertThat(e.reason()).isEqualTo(SkillFailedException.Reason.TIMEOUT));
  }

  @Test
  void aRunThatStartsWhileTheLedgerBundleIsSwappedWaitsForTheNewServices() throws Exception {
    load("echo", ECHO, "", "host.input_size, host.input_read, host.output_write");
    grant("echo", "host.input_size", "host.input_read", "host.output_write");
    host.unbindMetering(metering);

    CompletableFuture<SkillResult> run =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return host.run("echo", bytes("hi"));
              } catch (InterruptedException e) {
                throw new IllegalStateException(e);
              }
            });
    Thread.sleep(200);
    assertThat(run).isNotDone();
    FakeMetering next = new FakeMetering();
    host.bindMetering(next);

    assertThat(run.get(5, TimeUnit.SECONDS).output()).isEqualTo(bytes("hi"));
    assertThat(next.settled).hasSize(1);
    assertThat(metering.reserved).isEmpty();
  }

  private CompletableFuture<Throwable> runAsync(String skill) {
    return CompletableFuture.supplyAsync(
        () -> {
          try {
            host.run(skill, new byte[0]);
            return null;
          } catch (Throwable t) {
            return t;
          }
        });
  }

  private void waitUntilRunning() throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (metering.reserved.isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    Thread.sleep(100);
  }

  private FakePolicy policy() {
    return policy;
  }

  private void grant(String subject, String... capabilities) {
    policy().grant(subject, capabilities);
  }

  private void load(String name, String wat, String limits, String capabilities) {
    Hashtable<String, String> headers = new Hashtable<>();
    headers.put(SkillDescriptor.SKILL, name);
    headers.put(SkillDescriptor.MODULE, "skill/" + name + ".wasm");
    headers.put(SkillDescriptor.LIMITS, limits);
    headers.put(SkillDescriptor.CAPABILITIES, capabilities);
    SkillDescriptor descriptor = SkillDescriptor.parse(headers);
    Bundle bundle = mock(Bundle.class);
    when(bundle.getBundleId()).thenReturn(bundleIds++);
    when(bundle.getSymbolicName()).thenReturn("sovereign.skill." + name);
    when(bundle.getVersion()).thenReturn(Version.parseVersion("1.0.0"));
    byte[] wasm = Wat2Wasm.parse(wat);
    host.registry.add(
        new LoadedSkill(
            descriptor,
            bundle,
            LoadedSkill.limits(descriptor, Configs.of(SkillsConfig.class, Map.of())),
            wasm,
            CompiledModule.sha256(wasm)));
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  static final String ECHO = WasmRunnerTest.ECHO;

  static final String SPIN = "(module (func (export \"run\") (loop br 0)))";

  /** Metering at 50 IPPC/s, with a wallet of {@link #available} micro-units. */
  static final class FakeMetering implements Metering {
    record Settled(long millis, Outcome outcome) {}

    volatile long available = Long.MAX_VALUE;
    final List<Long> reserved = new java.util.concurrent.CopyOnWriteArrayList<>();
    final List<Settled> settled = new java.util.concurrent.CopyOnWriteArrayList<>();
    private long ids;

    @Override
    public Quote quote(Action action, Quote.Purpose purpose) {
      long millis = action instanceof Action.SandboxExec s ? s.millis() : 0;
      return new Quote(action, purpose, millis * MICROS_PER_MS);
    }

    @Override
    public synchronized Reservation reserve(String actor, Quote quote) {
      if (quote.cost() > available) {
        throw new RefusedException(
            "the wallet cannot afford " + quote.action() + ": it costs " + quote.cost());
      }
      reserved.add(quote.cost());
      return new Reservation(++ids, actor, quote, Instant.now());
    }

    @Override
    public Optional<Entry> settle(Reservation reservation, Action actual, Outcome outcome) {
      settled.add(new Settled(((Action.SandboxExec) actual).millis(), outcome));
      return Optional.empty();
    }

    @Override
    public void release(Reservation reservation) {}
  }

  static final class FakeKillSwitch implements KillSwitch {
    private volatile String reason;

    @Override
    public boolean halted() {
      return reason != null;
    }

    @Override
    public Optional<String> reason() {
      return Optional.ofNullable(reason);
    }

    @Override
    public Optional<Instant> since() {
      return Optional.empty();
    }

    @Override
    public void halt(String reason) {
      this.reason = reason;
    }

    void lift() {
      reason = null;
    }
  }
}
