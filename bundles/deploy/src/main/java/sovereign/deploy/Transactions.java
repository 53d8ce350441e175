package sovereign.deploy;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.osgi.framework.Bundle;
import sovereign.api.deploy.Deployment;
import sovereign.api.deploy.Deployment.Action;
import sovereign.api.deploy.Deployment.Outcome;
import sovereign.api.deploy.HistoryRecord;
import sovereign.deploy.DeployState.Deployed;
import sovereign.deploy.DeployState.Version;
import sovereign.deploy.Journal.Step;

/**
 * Runs one change as a transaction (docs/deploy.md, "Transactions"): journal, switch, health gate,
 * then either the state file (the commit point) or an automatic switch back to the versions before.
 * The caller serialises transactions.
 */
final class Transactions {

  /** One bundle's change as planned, with where the new version came from. */
  record Planned(Step step, String origin) {}

  private final DeployFiles files;
  private final BundleSwitch bundles;
  private final HealthGate gate;
  private final Set<String> healthRequired;
  private final Duration healthTimeout;
  private final Consumer<String> info;
  private final Consumer<String> warn;
  private final AtomicLong sequence = new AtomicLong();
  Clock clock = Clock.systemUTC();

  Transactions(
      DeployFiles files,
      BundleSwitch bundles,
      HealthGate gate,
      Set<String> healthRequired,
      Duration healthTimeout,
      Consumer<String> info,
      Consumer<String> warn) {
    this.files = files;
    this.bundles = bundles;
    this.gate = gate;
    this.healthRequired = Set.copyOf(healthRequired);
    this.healthTimeout = healthTimeout;
    this.info = info;
    this.warn = warn;
  }

  String newId() {
    return "tx-" + clock.millis() + "-" + sequence.incrementAndGet();
  }

  /** Applies the plan and returns the outcome, with the state it leaves (new or unchanged). */
  Committed run(Action action, List<Planned> plan, DeployState before)
      throws IOException, InterruptedException {
    long start = System.nanoTime();
    String id = newId();
    List<Step> steps = plan.stream().map(Planned::step).toList();
    Journal journal = files.journal();
    journal.begin(new Journal.Record(id, action, clock.instant().toString(), steps));
    info.accept(id + " " + action + " begun: " + describe(steps));
    List<HealthGate.Expectation> expected = new ArrayList<>();
    List<Set<String>> checksBefore = new ArrayList<>();
    for (Step step : steps) {
      checksBefore.add(bundles.find(step.symbolicName()).map(gate::checkNames).orElse(Set.of()));
    }
    BundleSwitch.Result result = bundles.apply(steps);
    Optional<String> failure = result.failure();
    if (failure.isEmpty()) {
      for (int i = 0; i < steps.size(); i++) {
        Step step = steps.get(i);
        if (step.to() != null) {
          Bundle bundle = bundles.find(step.symbolicName()).orElseThrow();
          expected.add(
              new HealthGate.Expectation(
                  bundle, checksBefore.get(i), healthRequired.contains(step.symbolicName())));
        }
      }
      failure = gate.await(expected, healthTimeout);
    }
    if (failure.isEmpty()) {
      DeployState after = before;
      for (Planned p : plan) {
        Step s = p.step();
        after =
            s.to() == null
                ? after.without(s.symbolicName())
                : after.with(s.symbolicName(), new Deployed(s.to(), p.origin(), s.from()));
      }
      after.write(files.state());
      journal.end();
      long millis = millis(start);
      record(id, action, steps, Outcome.COMMITTED, null, millis);
      info.accept(id + " " + action + " committed in " + millis + " ms: " + describe(steps));
      return deployment(id, action, steps, Outcome.COMMITTED, null, millis, after);
    }
    String reason = failure.get();
    warn.accept(id + " " + action + " failed, rolling back: " + reason);
    List<Step> back = new ArrayList<>();
    for (Step s : result.applied()) {
      back.add(new Step(s.symbolicName(), s.to(), s.from()));
    }
    Collections.reverse(back);
    BundleSwitch.Result undone = bundles.apply(back);
    if (undone.failure().isPresent()) {
      reason += "; and switching back failed too: " + undone.failure().get();
      warn.accept(id + " could not switch back: " + undone.failure().get());
    } else {
      List<HealthGate.Expectation> old = new ArrayList<>();
      for (Step s : back) {
        if (s.to() != null) {
          bundles
              .find(s.symbolicName())
              .ifPresent(
                  b ->
                      old.add(
                          new HealthGate.Expectation(
                              b, Set.of(), healthRequired.contains(s.symbolicName()))));
        }
      }
      gate.await(old, healthTimeout)
          .ifPresent(
              bad -> warn.accept(id + " rolled back, but the old version is not healthy: " + bad));
    }
    journal.end();
    long millis = millis(start);
    record(id, action, steps, Outcome.ROLLED_BACK, reason, millis);
    return deployment(id, action, steps, Outcome.ROLLED_BACK, reason, millis, before);
  }

  /** Records a transaction a crash interrupted, found in the journal at boot. */
  void recordInterrupted(Journal.Record record, DeployState state) throws IOException {
    boolean landed =
        record.steps().stream()
            .allMatch(
                s ->
                    s.to() == null
                        ? state.get(s.symbolicName()).isEmpty()
                        : state
                            .get(s.symbolicName())
                            .map(d -> same(d.current(), s.to()))
                            .orElse(false));
    Outcome outcome = landed ? Outcome.COMMITTED : Outcome.ROLLED_BACK;
    String reason =
        landed
            ? null
            : "interrupted: the node stopped during the transaction and restarted on the versions"
                + " before it";
    record(record.id(), record.action(), record.steps(), outcome, reason, 0);
    warn.accept(
        record.id()
            + " "
            + record.action()
            + " was interrupted by a stop of the node; it ends "
            + (landed ? "committed (it had passed the health gate)" : "on the versions before it"));
  }

  static boolean same(Version a, Version b) {
    if (a == null || b == null) {
      return a == b;
    }
    return a.version().equals(b.version())
        && (a.builtin() ? b.builtin() : a.sha256().equals(b.sha256()));
  }

  private void record(
      String id, Action action, List<Step> steps, Outcome outcome, String reason, long millis)
      throws IOException {
    Instant now = clock.instant();
    List<HistoryRecord> records = new ArrayList<>();
    for (Step s : steps) {
      records.add(
          new HistoryRecord(
              now,
              id,
              action,
              s.symbolicName(),
              Optional.ofNullable(s.from()).map(Version::version),
              Optional.ofNullable(s.to()).map(Version::version),
              outcome,
              Optional.ofNullable(reason),
              millis));
    }
    files.history().append(records);
  }

  private static Committed deployment(
      String id,
      Action action,
      List<Step> steps,
      Outcome outcome,
      String reason,
      long millis,
      DeployState state) {
    List<Deployment.Change> changes = new ArrayList<>();
    for (Step s : steps) {
      changes.add(
          new Deployment.Change(
              s.symbolicName(),
              Optional.ofNullable(s.from()).map(Version::version),
              Optional.ofNullable(s.to()).map(Version::version)));
    }
    return new Committed(
        new Deployment(id, action, outcome, changes, Optional.ofNullable(reason), millis), state);
  }

  private static String describe(List<Step> steps) {
    List<String> parts = new ArrayList<>();
    for (Step s : steps) {
      parts.add(
          s.symbolicName()
              + " "
              + (s.from() == null ? "(new)" : s.from().version())
              + " -> "
              + (s.to() == null ? "(removed)" : s.to().version()));
    }
    return String.join(", ", parts);
  }

  private static long millis(long startNanos) {
    return (System.nanoTime() - startNanos) / 1_000_000;
  }

  /** A deployment with the state it leaves. */
  record Committed(Deployment deployment, DeployState state) {}
}
