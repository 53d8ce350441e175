package sovereign.skills;

import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.runtime.Instance;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import sovereign.api.deploy.HealthCheck;
import sovereign.api.deploy.HealthResult;

/**
 * The skills host's health check, run by the deploy bundle after an update: a tiny built-in WASM
 * module, compiled to JVM bytecode by Chicory's compiler exactly as the host compiles skills
 * ({@link CompiledModule}, no interpreter fallback) when this component activates, is instantiated
 * afresh and run, and must answer 42; and the skill extender must be open, tracking skill bundles.
 * It runs no skill and goes through neither the metering nor the policy. Changes nothing.
 */
@Component(property = HealthCheck.NAME + "=skills")
public final class SkillsHealthCheck implements HealthCheck {

  /**
   * {@code (module (func (export "answer") (result i32) i32.const 42))}, assembled
   * (SkillsHealthCheckTest checks it against wat2wasm).
   */
  static final byte[] ANSWER = {
    0x00,
    0x61,
    0x73,
    0x6d,
    0x01,
    0x00,
    0x00,
    0x00, // \0asm, version 1
    0x01,
    0x05,
    0x01,
    0x60,
    0x00,
    0x01,
    0x7f, // type section: () -> i32
    0x03,
    0x02,
    0x01,
    0x00, // function section: one function of type 0
    0x07,
    0x0a,
    0x01,
    0x06,
    'a',
    'n',
    's',
    'w',
    'e',
    'r',
    0x00,
    0x00, // export "answer" = func 0
    0x0a,
    0x06,
    0x01,
    0x04,
    0x00,
    0x41,
    0x2a,
    0x0b // code: no locals, i32.const 42, end
  };

  @Reference SkillHostService host;

  /** The module run; tests give a broken one. */
  byte[] wasm = ANSWER;

  private volatile CompiledModule module;
  private volatile String compileProblem;

  @Activate
  void activate() {
    try {
      module = CompiledModule.compile(wasm);
    } catch (RuntimeException e) {
      compileProblem = e.toString();
    }
  }

  @Override
  public HealthResult check() {
    long start = System.nanoTime();
    CompiledModule compiled = module;
    if (compiled == null) {
      return HealthResult.unhealthy(
          "the WASM runtime cannot compile the built-in test module: " + compileProblem);
    }
    long answer;
    try {
      Instance instance =
          Instance.builder(compiled.module())
              .withImportValues(ImportValues.builder().build())
              .withMachineFactory(compiled.machine())
              .build();
      answer = instance.export("answer").apply()[0];
    } catch (RuntimeException e) {
      return HealthResult.unhealthy("the WASM runtime cannot run the built-in test module: " + e);
    }
    if (answer != 42) {
      return HealthResult.unhealthy(
          "the WASM runtime ran the built-in test module and got " + answer + ", not 42");
    }
    if (!host.extenderOpen()) {
      return HealthResult.unhealthy(
          "the skill extender is closed: skill bundles are not tracked, no skill loads");
    }
    return HealthResult.healthy(
        "skills ok: a compiled WASM module answers 42; the extender tracks skill bundles ("
            + host.skills().size()
            + " skill(s) loaded, "
            + (System.nanoTime() - start) / 1_000_000
            + " ms)");
  }
}
