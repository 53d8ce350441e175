package sovereign.skills;

import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.WasmFunctionHandle;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.ValType;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import sovereign.api.policy.CapabilityKind;
import sovereign.api.policy.Decision;
import sovereign.api.policy.Request;
import sovereign.api.skills.SkillFailedException.Reason;

/**
 * The host functions of one run, all in module {@code env} (docs/skills.md, "Host ABI"). Each call
 * is decided by the policy as {@code host.<name>} and audited; a refusal traps the run. Pointers
 * and lengths are i32 into the module's memory; an access outside it traps.
 */
final class HostAbi {

  /** The module every host function is imported from. */
  static final String MODULE = "env";

  private static final ValType I32 = ValType.I32;

  /** The host functions by name, with their types. */
  static final Map<String, FunctionType> TYPES =
      Map.ofEntries(
          Map.entry("input_size", FunctionType.of(List.of(), List.of(I32))),
          Map.entry("input_read", FunctionType.of(List.of(I32, I32), List.of(I32))),
          Map.entry("output_write", FunctionType.of(List.of(I32, I32), List.of())),
          Map.entry("log", FunctionType.of(List.of(I32, I32), List.of())),
          Map.entry("kv_get", FunctionType.of(List.of(I32, I32, I32, I32), List.of(I32))),
          Map.entry("kv_put", FunctionType.of(List.of(I32, I32, I32, I32), List.of())),
          Map.entry("kv_delete", FunctionType.of(List.of(I32, I32), List.of(I32))),
          Map.entry("file_read", FunctionType.of(List.of(I32, I32, I32, I32), List.of(I32))),
          Map.entry("file_write", FunctionType.of(List.of(I32, I32, I32, I32), List.of())),
          Map.entry("http_get", FunctionType.of(List.of(I32, I32, I32, I32), List.of(I32))),
          Map.entry("ledger_balance", FunctionType.of(List.of(), List.of(ValType.I64))));

  /** The names of the host functions. */
  static final Set<String> FUNCTIONS = TYPES.keySet();

  /** The longest log line kept, in bytes. */
  static final int MAX_LOG = 4096;

  /** The longest path or URL a skill may pass, in bytes. */
  static final int MAX_TEXT = 4096;

  private final HostServices host;
  private final String subject;
  private final String correlation;
  private final byte[] input;
  private final int maxOutput;
  private final Requested requested;
  private final long deadline;
  private final ByteArrayOutputStream output = new ByteArrayOutputStream();
  private int logLines;

  HostAbi(
      HostServices host,
      String subject,
      String correlation,
      byte[] input,
      Limits limits,
      Requested requested) {
    this.host = host;
    this.subject = subject;
    this.correlation = correlation;
    this.input = input;
    this.maxOutput = limits.maxOutput();
    this.requested = requested;
    this.deadline = System.nanoTime() + limits.wallTime().toNanos();
  }

  /** The host functions, to link the module against. */
  List<HostFunction> functions() {
    return List.of(
        function("input_size", this::inputSize),
        function("input_read", this::inputRead),
        function("output_write", this::outputWrite),
        function("log", this::log),
        function("kv_get", this::kvGet),
        function("kv_put", this::kvPut),
        function("kv_delete", this::kvDelete),
        function("file_read", this::fileRead),
        function("file_write", this::fileWrite),
        function("http_get", this::httpGet),
        function("ledger_balance", this::ledgerBalance));
  }

  /** What the skill wrote. */
  byte[] output() {
    return output.toByteArray();
  }

  /** Log lines beyond the per-run limit that were dropped. */
  int droppedLogLines() {
    return Math.max(0, logLines - host.logLinesPerRun());
  }

  private HostFunction function(String name, WasmFunctionHandle body) {
    Request request = Request.host(name).withCorrelation(correlation);
    return new HostFunction(
        MODULE,
        name,
        TYPES.get(name),
        (instance, args) -> {
          Decision decision = host.policy().decide(subject, request);
          if (!decision.allowed()) {
            throw new SkillException(
                Reason.REFUSED,
                "host call " + MODULE + "." + name + " refused (host." + name + "): " + decision);
          }
          return body.apply(instance, args);
        });
  }

  private long[] inputSize(Instance instance, long... args) {
    return new long[] {input.length};
  }

  private long[] inputRead(Instance instance, long... args) {
    int len = Math.min(length(args[1], "input_read"), input.length);
    instance.memory().write((int) args[0], input, 0, len);
    return new long[] {len};
  }

  private long[] outputWrite(Instance instance, long... args) {
    int len = length(args[1], "output_write");
    if ((long) output.size() + len > maxOutput) {
      throw new SkillException(
          Reason.OUTPUT,
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
    if (++logLines <= host.logLinesPerRun()) {
      byte[] bytes = instance.memory().readBytes((int) args[0], len);
      host.log().accept(subject, new String(bytes, StandardCharsets.UTF_8));
    }
    return null;
  }

  private long[] kvGet(Instance instance, long... args) {
    byte[] key = bytes(instance, args[0], args[1], "kv_get", SandboxFiles.MAX_KEY);
    int max = length(args[3], "kv_get");
    return copied(instance, host.files().kvGet(subject, key, max), args[2]);
  }

  private long[] kvPut(Instance instance, long... args) {
    byte[] key = bytes(instance, args[0], args[1], "kv_put", SandboxFiles.MAX_KEY);
    byte[] value = bytes(instance, args[2], args[3], "kv_put", Integer.MAX_VALUE);
    host.files().kvPut(subject, key, value);
    return null;
  }

  private long[] kvDelete(Instance instance, long... args) {
    byte[] key = bytes(instance, args[0], args[1], "kv_delete", SandboxFiles.MAX_KEY);
    return new long[] {host.files().kvDelete(subject, key) ? 1 : 0};
  }

  private long[] fileRead(Instance instance, long... args) {
    String path = text(instance, args[0], args[1], "file_read");
    requireKind(CapabilityKind.FS_READ, "file_read '" + path + "'");
    int max = length(args[3], "file_read");
    return copied(instance, host.files().read(subject, path, max), args[2]);
  }

  private long[] fileWrite(Instance instance, long... args) {
    String path = text(instance, args[0], args[1], "file_write");
    requireKind(CapabilityKind.FS_WRITE, "file_write '" + path + "'");
    host.files().write(subject, path, bytes(instance, args[2], args[3], "file_write", maxOutput));
    return null;
  }

  private long[] httpGet(Instance instance, long... args) {
    String url = text(instance, args[0], args[1], "http_get");
    requireKind(CapabilityKind.NET_CONNECT, "http_get '" + url + "'");
    int max = length(args[3], "http_get");
    HttpEgress.Response response;
    try {
      Duration left = Duration.ofNanos(deadline - System.nanoTime());
      response = host.http().get(host.policy(), subject, correlation, url, left);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SkillException(Reason.TIMEOUT, "stopped during http_get " + url, e);
    }
    if (response.status() < 0) {
      return new long[] {-1};
    }
    if (response.status() < 200 || response.status() > 299) {
      return new long[] {-response.status()};
    }
    byte[] body = response.body();
    instance.memory().write((int) args[2], body, 0, Math.min(max, body.length));
    return new long[] {body.length};
  }

  private long[] ledgerBalance(Instance instance, long... args) {
    return new long[] {host.balance().getAsLong()};
  }

  private void requireKind(CapabilityKind kind, String call) {
    if (!requested.kind(kind)) {
      throw new SkillException(
          Reason.REFUSED,
          call
              + " refused: skill "
              + subject
              + " did not ask for "
              + kind.text()
              + " in its Sovereign-Skill-Capabilities header");
    }
  }

  private static long[] copied(Instance instance, SandboxFiles.Read read, long ptr) {
    if (read == null) {
      return new long[] {-1};
    }
    instance.memory().write((int) ptr, read.bytes(), 0, read.bytes().length);
    return new long[] {Math.min(read.size(), Integer.MAX_VALUE)};
  }

  private static String text(Instance instance, long ptr, long len, String function) {
    return new String(bytes(instance, ptr, len, function, MAX_TEXT), StandardCharsets.UTF_8);
  }

  private static byte[] bytes(Instance instance, long ptr, long len, String function, int max) {
    int n = length(len, function);
    if (n > max) {
      throw new SkillException(
          Reason.TRAP, function + " was given " + n + " bytes, over its cap of " + max);
    }
    return instance.memory().readBytes((int) ptr, n);
  }

  private static int length(long arg, String function) {
    int len = (int) arg;
    if (len < 0) {
      throw new SkillException(Reason.TRAP, function + " was given a negative length " + len);
    }
    return len;
  }
}
