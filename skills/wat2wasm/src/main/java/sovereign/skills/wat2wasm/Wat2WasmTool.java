package sovereign.skills.wat2wasm;

import com.dylibso.chicory.wabt.Wat2Wasm;
import com.dylibso.chicory.wasm.Parser;
import java.io.IOException;
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
      throw new IOException("wat2wasm failed on " + wat + ": " + e.getMessage(), e);
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
}
