package sovereign.skills.wat2wasm;

import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.wabt.Wat2Wasm;
import com.dylibso.chicory.wabt.Wat2WasmModule;
import com.dylibso.chicory.wasi.WasiOptions;
import com.dylibso.chicory.wasi.WasiPreview1;
import com.dylibso.chicory.wasm.Parser;
import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Compiles every {@code <name>.wat} in a source folder to {@code <name>.wasm} in an output folder,
 * with Chicory's wabt (wat2wasm compiled to Java bytecode, so the build needs no native tool). Each
 * result is parsed back with Chicory's parser, so a module the runtime cannot load fails the build.
 * A module newer than its source is left as it is.
 *
 * <p>Usage: {@code Wat2WasmTool <source dir> <output dir>}.
 */
public final class Wat2WasmTool {

  private Wat2WasmTool() {}

  public static void main(String[] args) throws IOException {
    if (args.length != 2) {
      throw new IllegalArgumentException("usage: Wat2WasmTool <source dir> <output dir>");
    }
    List<Path> modules = compileAll(Path.of(args[0]), Path.of(args[1]));
    System.out.println("wat2wasm: " + modules.size() + " module(s) in " + args[1]);
  }

  /** Compiles the {@code .wat} files of {@code source} into {@code output}; returns the modules. */
  public static List<Path> compileAll(Path source, Path output) throws IOException {
    if (!Files.isDirectory(source)) {
      throw new IOException("no WAT source folder " + source);
    }
    List<Path> sources;
    try (Stream<Path> files = Files.list(source)) {
      sources =
          files
              .filter(p -> p.getFileName().toString().endsWith(".wat"))
              .sorted()
              .collect(Collectors.toList());
    }
    if (sources.isEmpty()) {
      throw new IOException("no .wat file in " + source);
    }
    Files.createDirectories(output);
    List<Path> modules = new java.util.ArrayList<>();
    for (Path wat : sources) {
      modules.add(compile(wat, output));
    }
    return modules;
  }

  /** Compiles one {@code .wat} file to {@code <output>/<name>.wasm} unless that is up to date. */
  public static Path compile(Path wat, Path output) throws IOException {
    String name = wat.getFileName().toString();
    Path wasm = output.resolve(name.substring(0, name.length() - ".wat".length()) + ".wasm");
    if (Files.isRegularFile(wasm)
        && Files.getLastModifiedTime(wasm).compareTo(Files.getLastModifiedTime(wat)) > 0) {
      return wasm;
    }
    byte[] bytes;
    try {
      bytes = Wat2Wasm.parse(Files.readString(wat));
    } catch (RuntimeException e) {
      throw new IOException("wat2wasm failed on " + wat + ":\n" + diagnostics(wat), e);
    }
    try {
      Parser.parse(bytes);
    } catch (RuntimeException e) {
      throw new IOException("Chicory cannot parse the module built from " + wat, e);
    }
    Path tmp = output.resolve(wasm.getFileName() + ".tmp");
    Files.write(tmp, bytes);
    Files.move(tmp, wasm, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    return wasm;
  }

  /**
   * What wat2wasm writes to its standard error for {@code wat}: {@link Wat2Wasm#parse} drops it, so
   * a failed compilation runs wat2wasm again, the same way, to show the line and the reason.
   */
  static String diagnostics(Path wat) {
    ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    try (FileSystem fs =
        Jimfs.newFileSystem(Configuration.unix().toBuilder().setAttributeViews("unix").build())) {
      Path dir = Files.createDirectory(fs.getPath("src"));
      Path copy = dir.resolve(wat.getFileName().toString());
      Files.copy(wat, copy);
      WasiOptions options =
          WasiOptions.builder()
              .withStdout(new ByteArrayOutputStream())
              .withStderr(stderr)
              .withDirectory(dir.toString(), dir)
              .withArguments(List.of("wat2wasm", copy.toString(), "--output=-"))
              .build();
      try (WasiPreview1 wasi = WasiPreview1.builder().withOptions(options).build()) {
        Instance.builder(Wat2WasmModule.load())
            .withMachineFactory(Wat2WasmModule::create)
            .withImportValues(ImportValues.builder().addFunction(wasi.toHostFunctions()).build())
            .build();
      } catch (RuntimeException expected) {
        // wat2wasm exits with a status other than 0: its message is in stderr
      }
    } catch (IOException | RuntimeException e) {
      return "(no diagnostics: " + e + ")";
    }
    // without the terminal colours, naming the real file
    return stderr
        .toString(StandardCharsets.UTF_8)
        .replaceAll("\u001B\\[[0-9;]*m", "")
        .replace("src/" + wat.getFileName(), wat.toString())
        .strip();
  }
}
