package sovereign.skills.examples;

import com.dylibso.chicory.compiler.MachineFactoryCompiler;
import com.dylibso.chicory.runtime.ByteBufferMemory;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.MemoryLimits;
import com.dylibso.chicory.wasm.types.ValType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URL;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.jar.Manifest;

/**
 * The example skills as built by their modules (found on the test class path), what their manifests
 * must say, and a way to run them on Chicory against a {@link InMemoryHost}.
 */
final class Skills {

  /** What one skill's bundle must declare. */
  record Expected(String name, String capabilities, String limits) {}

  /** Every example skill, with its Sovereign-Skill-Capabilities and Sovereign-Skill-Limits. */
  static final List<Expected> ALL =
      List.of(
          new Expected(
              "echo",
              "host.input_size, host.input_read, host.output_write",
              "wall-time-ms=2000, memory-pages=16, max-input=1048576, max-output=1048576"),
          new Expected(
              "wordcount",
              "host.input_size, host.input_read, host.output_write",
              "wall-time-ms=2000, memory-pages=17, max-input=1048576, max-output=65536"),
          new Expected(
              "sha256",
              "host.input_size, host.input_read, host.output_write",
              "wall-time-ms=10000, memory-pages=258, max-input=16777216, max-output=64"),
          new Expected(
              "fetch-url",
              "host.input_size, host.input_read, host.output_write, host.http_get, net.connect:*",
              "wall-time-ms=10000, memory-pages=17, max-input=8192, max-output=1048576"),
          new Expected(
              "notes",
              "host.input_size, host.input_read, host.output_write, host.kv_get, host.kv_put,"
                  + " host.file_read, host.file_write, fs.read:**, fs.write:**",
              "wall-time-ms=2000, memory-pages=18, max-input=65536, max-output=1048576"),
          new Expected(
              "spin", null, "wall-time-ms=2000, memory-pages=1, max-input=1024, max-output=1024"),
          new Expected(
              "membomb",
              null,
              "wall-time-ms=2000, memory-pages=16, max-input=1024, max-output=1024"),
          new Expected(
              "escape",
              "host.file_read, host.file_write, fs.read:**, fs.write:**",
              "wall-time-ms=2000, memory-pages=1, max-input=1024, max-output=1024"),
          new Expected(
              "undeclared",
              "host.input_size, host.input_read, host.output_write",
              "wall-time-ms=2000, memory-pages=1, max-input=1024, max-output=1024"),
          new Expected(
              "bigout",
              "host.output_write",
              "wall-time-ms=2000, memory-pages=1, max-input=1024, max-output=65536"),
          new Expected(
              "flood",
              "host.log",
              "wall-time-ms=2000, memory-pages=1, max-input=1024, max-output=1024"));

  /** The host ABI: every function of module env with its parameters and results. */
  static final Map<String, List<List<ValType>>> ABI = abi();

  private Skills() {}

  private static Map<String, List<List<ValType>>> abi() {
    ValType i32 = ValType.I32;
    Map<String, List<List<ValType>>> abi = new LinkedHashMap<>();
    abi.put("input_size", List.of(List.of(), List.of(i32)));
    abi.put("input_read", List.of(List.of(i32, i32), List.of(i32)));
    abi.put("output_write", List.of(List.of(i32, i32), List.of()));
    abi.put("log", List.of(List.of(i32, i32), List.of()));
    abi.put("kv_get", List.of(List.of(i32, i32, i32, i32), List.of(i32)));
    abi.put("kv_put", List.of(List.of(i32, i32, i32, i32), List.of()));
    abi.put("kv_delete", List.of(List.of(i32, i32), List.of(i32)));
    abi.put("file_read", List.of(List.of(i32, i32, i32, i32), List.of(i32)));
    abi.put("file_write", List.of(List.of(i32, i32, i32, i32), List.of()));
    abi.put("http_get", List.of(List.of(i32, i32, i32, i32), List.of(i32)));
    abi.put("ledger_balance", List.of(List.of(), List.of(ValType.I64)));
    return Map.copyOf(abi);
  }

  static Expected expected(String name) {
    return ALL.stream().filter(e -> e.name().equals(name)).findFirst().orElseThrow();
  }

  /** Where skill/{@code name}.wasm is on the class path (in the skill's bundle jar). */
  static URL location(String name) {
    URL url = Skills.class.getClassLoader().getResource("skill/" + name + ".wasm");
    if (url == null) {
      throw new IllegalStateException("skill/" + name + ".wasm is not on the test class path");
    }
    return url;
  }

  static byte[] wasm(String name) {
    try (InputStream in = location(name).openStream()) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static WasmModule module(String name) {
    return Parser.parse(wasm(name));
  }

  /**
   * The manifest of the bundle jar holding the skill, or empty when the class path has the skill
   * module's class folder instead of its jar (a build that stopped before {@code package}).
   */
  static Optional<Manifest> manifest(String name) {
    URL url = location(name);
    if (!url.getProtocol().equals("jar")) {
      return Optional.empty();
    }
    try {
      JarURLConnection connection = (JarURLConnection) url.openConnection();
      connection.setUseCaches(false);
      return Optional.of(connection.getManifest());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The memory-pages limit the skill declares. */
  static int memoryPages(String name) {
    for (String part : expected(name).limits().split(",")) {
      String[] kv = part.strip().split("=");
      if (kv[0].equals("memory-pages")) {
        return Integer.parseInt(kv[1]);
      }
    }
    throw new IllegalStateException(name + " declares no memory-pages");
  }

  /** An instance of the skill's module on the interpreter, its memory capped at {@code pages}. */
  static Instance instance(String name, InMemoryHost host, int pages) {
    return instance(module(name), host, pages, false);
  }

  /** An instance of the skill's module under its declared memory-pages limit. */
  static Instance instance(String name, InMemoryHost host) {
    return instance(name, host, memoryPages(name));
  }

  static Instance instance(WasmModule module, InMemoryHost host, int pages, boolean compiled) {
    Instance.Builder builder =
        Instance.builder(module)
            .withImportValues(host.importValues())
            .withMemoryFactory(
                limits -> {
                  if (limits.initialPages() > pages) {
                    throw new IllegalStateException(
                        "declares " + limits.initialPages() + " pages, over " + pages);
                  }
                  return new ByteBufferMemory(
                      new MemoryLimits(
                          limits.initialPages(), Math.min(limits.maximumPages(), pages)));
                });
    if (compiled) {
      builder.withMachineFactory(MachineFactoryCompiler.compile(module));
    }
    return builder.build();
  }

  /** Runs the skill's {@code run} under its declared memory limit; returns the host. */
  static InMemoryHost run(String name, InMemoryHost host) {
    instance(name, host).export("run").apply();
    return host;
  }

  /** Whether {@code t} or one of its causes is a {@code type}. */
  static boolean causedBy(Throwable t, Class<? extends Throwable> type) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (type.isInstance(c)) {
        return true;
      }
    }
    return false;
  }
}
