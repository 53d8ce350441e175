package sovereign.skills.examples;

import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.WasmFunctionHandle;
import com.dylibso.chicory.wasm.types.FunctionType;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * Plain Java stand-ins for the host functions of module {@code env}: input and output in memory, a
 * map for the key-value store, a map of paths for the sandbox's files, a function for HTTP. Every
 * call is recorded; a function named in {@link #refuse} throws {@link Refused} as a refused call of
 * the real host traps the run.
 */
final class InMemoryHost {

  /** A refused host call: it ends the run. */
  static final class Refused extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Refused(String message) {
      super(message);
    }
  }

  /** An HTTP reply: a status and a body. */
  record Reply(int status, byte[] body) {
    static Reply of(int status, String body) {
      return new Reply(status, body.getBytes(StandardCharsets.UTF_8));
    }
  }

  byte[] input = new byte[0];
  int maxOutput = Integer.MAX_VALUE;
  long maxLogs = Long.MAX_VALUE;
  Set<String> refuse = Set.of();

  /** The reply to a URL, null for a connection that failed. */
  Function<String, Reply> http = url -> null;

  final ByteArrayOutputStream output = new ByteArrayOutputStream();
  final Map<String, byte[]> kv = new HashMap<>();
  final Map<String, byte[]> files = new HashMap<>();
  final List<String> calls = new ArrayList<>();
  final List<String> urls = new ArrayList<>();
  final AtomicLong logs = new AtomicLong();
  volatile String lastLog;

  InMemoryHost input(String text) {
    input = text.getBytes(StandardCharsets.UTF_8);
    return this;
  }

  InMemoryHost input(byte[] bytes) {
    input = bytes;
    return this;
  }

  String outputText() {
    return output.toString(StandardCharsets.UTF_8);
  }

  ImportValues importValues() {
    List<HostFunction> functions = new ArrayList<>();
    add(functions, "input_size", (instance, args) -> new long[] {input.length});
    add(
        functions,
        "input_read",
        (instance, args) -> {
          int len = Math.min((int) args[1], input.length);
          instance.memory().write((int) args[0], input, 0, len);
          return new long[] {len};
        });
    add(
        functions,
        "output_write",
        (instance, args) -> {
          byte[] bytes = bytes(instance, args[0], args[1]);
          if ((long) output.size() + bytes.length > maxOutput) {
            throw new Refused("output cap of " + maxOutput + " bytes exceeded");
          }
          output.writeBytes(bytes);
          return null;
        });
    add(
        functions,
        "log",
        (instance, args) -> {
          if (logs.incrementAndGet() > maxLogs) {
            throw new Refused("more than " + maxLogs + " log calls");
          }
          lastLog = string(instance, args[0], args[1]);
          return null;
        });
    add(
        functions,
        "kv_get",
        (instance, args) -> {
          String key = string(instance, args[0], args[1]);
          calls.add("kv_get " + key);
          return new long[] {copy(instance, kv.get(key), args[2], args[3])};
        });
    add(
        functions,
        "kv_put",
        (instance, args) -> {
          String key = string(instance, args[0], args[1]);
          calls.add("kv_put " + key);
          kv.put(key, bytes(instance, args[2], args[3]));
          return null;
        });
    add(
        functions,
        "kv_delete",
        (instance, args) -> {
          String key = string(instance, args[0], args[1]);
          calls.add("kv_delete " + key);
          return new long[] {kv.remove(key) == null ? 0 : 1};
        });
    add(
        functions,
        "file_read",
        (instance, args) -> {
          String path = string(instance, args[0], args[1]);
          calls.add("file_read " + path);
          check("file_read", path);
          return new long[] {copy(instance, files.get(path), args[2], args[3])};
        });
    add(
        functions,
        "file_write",
        (instance, args) -> {
          String path = string(instance, args[0], args[1]);
          calls.add("file_write " + path);
          check("file_write", path);
          files.put(path, bytes(instance, args[2], args[3]));
          return null;
        });
    add(
        functions,
        "http_get",
        (instance, args) -> {
          String url = string(instance, args[0], args[1]);
          urls.add(url);
          Reply reply = http.apply(url);
          if (reply == null) {
            return new long[] {-1};
          }
          if (reply.status() < 200 || reply.status() > 299) {
            return new long[] {-reply.status()};
          }
          return new long[] {copy(instance, reply.body(), args[2], args[3])};
        });
    add(functions, "ledger_balance", (instance, args) -> new long[] {42_000_000L});
    return ImportValues.builder().withFunctions(new ArrayList<>(functions)).build();
  }

  private void add(List<HostFunction> functions, String name, WasmFunctionHandle body) {
    List<List<com.dylibso.chicory.wasm.types.ValType>> type = Skills.ABI.get(name);
    functions.add(
        new HostFunction(
            "env",
            name,
            FunctionType.of(type.get(0), type.get(1)),
            (instance, args) -> {
              if (refuse.contains(name)) {
                throw new Refused("host." + name + " refused");
              }
              return body.apply(instance, args);
            }));
  }

  private void check(String function, String path) {
    if (refuse.contains(function + ":" + path)) {
      throw new Refused(function + " of " + path + " refused");
    }
  }

  /** Copies min(len, value length) bytes of value to ptr; returns its length, -1 if null. */
  private static long copy(Instance instance, byte[] value, long ptr, long len) {
    if (value == null) {
      return -1;
    }
    instance.memory().write((int) ptr, value, 0, (int) Math.min(len, value.length));
    return value.length;
  }

  private static byte[] bytes(Instance instance, long ptr, long len) {
    return instance.memory().readBytes((int) ptr, (int) len);
  }

  private static String string(Instance instance, long ptr, long len) {
    return new String(bytes(instance, ptr, len), StandardCharsets.UTF_8);
  }
}
