package sovereign.skills;

import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.WasmFunctionHandle;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.ValType;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.function.BiConsumer;
import sovereign.api.policy.Decision;
import sovereign.api.policy.Policy;
import sovereign.api.policy.Request;

/**
 * The host functions of one run, all in module {@code env}; each call is decided by the policy as
 * {@code host.<name>} and a refusal traps the run:
 *
 * <pre>
 * input_size() -&gt; i32                 bytes of input
 * input_read(ptr: i32, len: i32) -&gt; i32  copies the first min(len, input_size) bytes to ptr
 * output_write(ptr: i32, len: i32)     appends len bytes at ptr to the output (output cap)
 * log(ptr: i32, len: i32)              logs len bytes at ptr as UTF-8 (at most 4 KiB a line)
 * </pre>
 */
final class HostAbi {

  /** The module every host function is imported from. */
  static final String MODULE = "env";

  /** The names of the host functions. */
  static final Set<String> FUNCTIONS = Set.of("input_size", "input_read", "output_write", "log");

  static final int MAX_LOG = 4096;

  private final Policy policy;
  private final String subject;
  private final String correlation;
  private final byte[] input;
  private final int maxOutput;
  private final BiConsumer<String, String> log;
  private final ByteArrayOutputStream output = new ByteArrayOutputStream();

  HostAbi(
      Policy policy,
      String subject,
      String correlation,
      byte[] input,
      int maxOutput,
      BiConsumer<String, String> log) {
    this.policy = policy;
    this.subject = subject;
    this.correlation = correlation;
    this.input = input;
    this.maxOutput = maxOutput;
    this.log = log;
  }

  /** The host functions, to link the module against. */
  List<HostFunction> functions() {
    ValType i32 = ValType.I32;
    return List.of(
        function("input_size", FunctionType.of(List.of(), List.of(i32)), this::inputSize),
        function("input_read", FunctionType.of(List.of(i32, i32), List.of(i32)), this::inputRead),
        function("output_write", FunctionType.of(List.of(i32, i32), List.of()), this::outputWrite),
        function("log", FunctionType.of(List.of(i32, i32), List.of()), this::log));
  }

  /** What the skill wrote. */
  byte[] output() {
    return output.toByteArray();
  }

  private HostFunction function(String name, FunctionType type, WasmFunctionHandle body) {
    Request request = Request.host(name).withCorrelation(correlation);
    return new HostFunction(
        MODULE,
        name,
        type,
        (instance, args) -> {
          Decision decision = policy.decide(subject, request);
          if (!decision.allowed()) {
            throw new SkillException(
                SkillException.Kind.REFUSED,
                "host call " + MODULE + "." + name + " refused (host." + name + "): " + decision);
          }
          return body.apply(instance, args);
        });
  }

  private long[] inputSize(Instance instance, long... args) {
    return new long[] {input.length};
  }

  private long[] inputRead(Instance instance, long... args) {
    int ptr = (int) args[0];
    int len = Math.min(length(args[1], "input_read"), input.length);
    instance.memory().write(ptr, input, 0, len);
    return new long[] {len};
  }

  private long[] outputWrite(Instance instance, long... args) {
    int len = length(args[1], "output_write");
    if ((long) output.size() + len > maxOutput) {
      throw new SkillException(
          SkillException.Kind.OUTPUT,
          "output_write of "
              + len
              + " bytes after "
              + output.size()
              + " would exceed the output cap of "
              + maxOutput
              + " bytes");
    }
    output.writeBytes(instance.memory().readBytes((int) args[0], len));
    return null;
  }

  private long[] log(Instance instance, long... args) {
    int len = Math.min(length(args[1], "log"), MAX_LOG);
    byte[] bytes = instance.memory().readBytes((int) args[0], len);
    log.accept(subject, new String(bytes, StandardCharsets.UTF_8));
    return null;
  }

  private static int length(long arg, String function) {
    int len = (int) arg;
    if (len < 0) {
      throw new SkillException(
          SkillException.Kind.TRAP, function + " was given a negative length " + len);
    }
    return len;
  }
}
