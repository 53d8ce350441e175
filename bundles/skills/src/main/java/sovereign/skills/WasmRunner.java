package sovereign.skills;

import com.dylibso.chicory.compiler.InterpreterFallback;
import com.dylibso.chicory.compiler.MachineFactoryCompiler;
import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Machine;
import com.dylibso.chicory.wasm.ChicoryException;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.Export;
import com.dylibso.chicory.wasm.types.ExternalType;
import com.dylibso.chicory.wasm.types.FunctionType;
import java.time.Duration;
import java.util.Objects;
import java.util.UUID;
import java.util.function.BiConsumer;
import java.util.function.Function;
import sovereign.api.policy.Policy;

/**
 * Runs one exported function of a WASM module, taking no arguments and returning nothing, with
 * bytes in and bytes out through the {@link HostAbi}, under hard {@link Limits}: imports are
 * checked against the host and the policy before linking, memory is capped, and the run happens on
 * its own thread, interrupted when the wall time is up.
 */
public final class WasmRunner {

  private static final long GRACE_MILLIS = 1000;

  private final Policy policy;
  private final Limits limits;
  private final BiConsumer<String, String> log;

  /**
   * @param log receives {@code (subject, line)} for each {@code env.log} call
   */
  public WasmRunner(Policy policy, Limits limits, BiConsumer<String, String> log) {
    this.policy = Objects.requireNonNull(policy, "policy");
    this.limits = Objects.requireNonNull(limits, "limits");
    this.log = Objects.requireNonNull(log, "log");
  }

  /**
   * Runs {@code function} of {@code wasm} for skill {@code subject}.
   *
   * @throws SkillException saying which check or limit stopped it
   * @throws InterruptedException if the calling thread was interrupted (the run is interrupted too)
   */
  public SkillRun run(String subject, byte[] wasm, String function, byte[] input)
      throws InterruptedException {
    if (input.length > limits.maxInput()) {
      throw new SkillException(
          SkillException.Kind.INPUT,
          "input of " + input.length + " bytes is over the cap of " + limits.maxInput() + " bytes");
    }
    long start = System.nanoTime();
    String correlation = "skill-run-" + UUID.randomUUID();
    WasmModule module = parse(wasm);
    requireExport(module, function);
    Imports.check(module, policy, subject, correlation);
    HostAbi abi = new HostAbi(policy, subject, correlation, input, limits.maxOutput(), log);
    Function<Instance, Machine> machine = machine(module);
    Runnable body = () -> instantiate(module, abi, machine).export(function).apply();
    SkillThread.run("skill-" + subject, limits.stackBytes(), body, limits.wallTime(), GRACE_MILLIS);
    return new SkillRun(abi.output(), Duration.ofNanos(System.nanoTime() - start));
  }

  private Instance instantiate(
      WasmModule module, HostAbi abi, Function<Instance, Machine> machine) {
    var declared = module.memorySection();
    if (declared.isPresent() && declared.get().memoryCount() > 1) {
      throw new SkillException(
          SkillException.Kind.INVALID, "the module declares more than one memory");
    }
    return Instance.builder(module)
        .withImportValues(
            ImportValues.builder()
                .addFunction(abi.functions().toArray(new HostFunction[0]))
                .build())
        .withMemoryFactory(limits -> CappedMemory.of(limits, this.limits.memoryPages()))
        .withMachineFactory(machine)
        .build();
  }

  private static Function<Instance, Machine> machine(WasmModule module) {
    try {
      return MachineFactoryCompiler.builder(module)
          .withInterpreterFallback(InterpreterFallback.FAIL)
          .compile();
    } catch (ChicoryException e) {
      throw new SkillException(
          SkillException.Kind.INVALID, "the module does not compile: " + e.getMessage(), e);
    }
  }

  private static WasmModule parse(byte[] wasm) {
    try {
      return Parser.parse(wasm);
    } catch (ChicoryException e) {
      throw new SkillException(
          SkillException.Kind.INVALID, "not a valid WASM module: " + e.getMessage(), e);
    }
  }

  private static void requireExport(WasmModule module, String function) {
    var exports = module.exportSection();
    for (int i = 0; i < exports.exportCount(); i++) {
      Export export = exports.getExport(i);
      if (export.name().equals(function) && export.exportType() == ExternalType.FUNCTION) {
        int local = export.index() - module.importSection().count(ExternalType.FUNCTION);
        if (local < 0) {
          throw new SkillException(
              SkillException.Kind.INVALID, "export " + function + " re-exports an import");
        }
        int typeIndex = module.functionSection().getFunctionType(local);
        FunctionType type = module.typeSection().getType(typeIndex);
        if (!type.params().isEmpty() || !type.returns().isEmpty()) {
          throw new SkillException(
              SkillException.Kind.INVALID,
              "export " + function + " must take and return nothing, not " + type);
        }
        return;
      }
    }
    throw new SkillException(
        SkillException.Kind.INVALID, "the module exports no function named " + function);
  }
}
