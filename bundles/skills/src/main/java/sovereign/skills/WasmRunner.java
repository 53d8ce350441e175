package sovereign.skills;

import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.runtime.Instance;
import java.time.Duration;
import java.util.Objects;
import sovereign.api.skills.SkillFailedException.Reason;

/**
 * Runs one exported function of a compiled WASM module, taking no arguments and returning nothing,
 * with bytes in and bytes out through the {@link HostAbi}, under hard {@link Limits}: imports are
 * checked against the host, the bundle's request and the policy before linking, memory is capped,
 * and the run happens on its own thread, interrupted when the wall time is up or the kill switch is
 * thrown.
 */
final class WasmRunner {

  /** One run: which function of which module, for which skill, with what input and limits. */
  record Call(
      String subject,
      CompiledModule module,
      String function,
      byte[] input,
      Limits limits,
      Requested requested,
      String correlation) {}

  private static final long GRACE_MILLIS = 1000;

  private final HostServices host;
  private final RunningThreads running;

  WasmRunner(HostServices host, RunningThreads running) {
    this.host = Objects.requireNonNull(host, "host");
    this.running = Objects.requireNonNull(running, "running");
  }

  /**
   * Runs {@code function} of {@code module} for skill {@code subject}: {@link #check}, then {@link
   * #execute}.
   *
   * @throws SkillException saying which check or limit stopped it
   * @throws InterruptedException if the calling thread was interrupted (the run is interrupted too)
   */
  SkillRun run(Call call) throws InterruptedException {
    check(call);
    return execute(call);
  }

  /**
   * What can be refused before anything runs: the input cap, the export, and every import against
   * the host, the bundle's request and the policy (decided and audited).
   *
   * @throws SkillException INPUT, INVALID or LINK
   */
  void check(Call call) {
    call.limits().requireInput(call.input());
    call.module().requireRunnable(call.function());
    Imports.check(
        call.module().module(),
        host.policy(),
        call.subject(),
        call.requested(),
        call.correlation());
  }

  /**
   * Instantiates the module and runs the function on a thread of its own, after {@link #check}.
   *
   * @throws SkillException saying which limit or host check stopped it
   * @throws InterruptedException if the calling thread was interrupted (the run is interrupted too)
   */
  SkillRun execute(Call call) throws InterruptedException {
    long start = System.nanoTime();
    Limits limits = call.limits();
    HostAbi abi =
        new HostAbi(
            host, call.subject(), call.correlation(), call.input(), limits, call.requested());
    Runnable body = () -> instantiate(call.module(), abi, limits).export(call.function()).apply();
    try {
      SkillThread.run(
          "skill-" + call.subject(),
          limits.stackBytes(),
          body,
          limits.wallTime(),
          GRACE_MILLIS,
          running);
    } finally {
      if (abi.droppedLogLines() > 0) {
        host.log()
            .accept(
                call.subject(),
                abi.droppedLogLines()
                    + " more log lines of this run dropped (at most "
                    + host.logLinesPerRun()
                    + " a run)");
      }
    }
    return new SkillRun(abi.output(), Duration.ofNanos(System.nanoTime() - start));
  }

  /** A new instance of a compiled module, linked to a run's host functions, memory capped. */
  static Instance instantiate(CompiledModule module, HostAbi abi, Limits limits) {
    var declared = module.module().memorySection();
    if (declared.isPresent() && declared.get().memoryCount() > 1) {
      throw new SkillException(Reason.INVALID, "the module declares more than one memory");
    }
    return Instance.builder(module.module())
        .withImportValues(
            ImportValues.builder()
                .addFunction(abi.functions().toArray(new HostFunction[0]))
                .build())
        .withMemoryFactory(memory -> CappedMemory.of(memory, limits.memoryPages()))
        .withMachineFactory(module.machine())
        .build();
  }
}
