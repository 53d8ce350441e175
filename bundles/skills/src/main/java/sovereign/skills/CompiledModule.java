package sovereign.skills;

import com.dylibso.chicory.compiler.InterpreterFallback;
import com.dylibso.chicory.compiler.MachineFactoryCompiler;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Machine;
import com.dylibso.chicory.wasm.ChicoryException;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.Export;
import com.dylibso.chicory.wasm.types.ExternalType;
import com.dylibso.chicory.wasm.types.FunctionType;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.function.Function;
import sovereign.api.skills.SkillFailedException.Reason;

/**
 * A WASM module parsed and compiled to JVM bytecode by Chicory's runtime compiler, ready to be
 * instantiated any number of times. Compiling is the slow part (tens of milliseconds); each
 * instance then costs little, so compiled modules are cached by the hash of their bytes.
 *
 * @param sha256 the hash of the module's bytes, in hex
 * @param module the parsed module
 * @param machine makes the compiled machine of each instance
 */
record CompiledModule(String sha256, WasmModule module, Function<Instance, Machine> machine) {

  /**
   * Parses and compiles {@code wasm}. Every function is compiled: a function the compiler cannot
   * handle fails here rather than run slowly in the interpreter.
   *
   * @throws SkillException INVALID if it is not valid WebAssembly or does not compile
   */
  static CompiledModule compile(byte[] wasm) {
    return compile(wasm, sha256(wasm));
  }

  /** Parses and compiles {@code wasm}, whose hash the caller computed. */
  static CompiledModule compile(byte[] wasm, String sha256) {
    WasmModule module;
    try {
      module = Parser.parse(wasm);
    } catch (ChicoryException | IllegalArgumentException e) {
      throw new SkillException(Reason.INVALID, "not a valid WASM module: " + e.getMessage(), e);
    }
    try {
      return new CompiledModule(
          sha256,
          module,
          MachineFactoryCompiler.builder(module)
              .withInterpreterFallback(InterpreterFallback.FAIL)
              .compile());
    } catch (ChicoryException | IllegalArgumentException e) {
      throw new SkillException(Reason.INVALID, "the module does not compile: " + e.getMessage(), e);
    }
  }

  /**
   * Checks that the module exports {@code function} taking and returning nothing.
   *
   * @throws SkillException INVALID saying what is wrong
   */
  void requireRunnable(String function) {
    var exports = module.exportSection();
    for (int i = 0; i < exports.exportCount(); i++) {
      Export export = exports.getExport(i);
      if (export.name().equals(function) && export.exportType() == ExternalType.FUNCTION) {
        int local = export.index() - module.importSection().count(ExternalType.FUNCTION);
        if (local < 0) {
          throw new SkillException(Reason.INVALID, "export " + function + " re-exports an import");
        }
        int typeIndex = module.functionSection().getFunctionType(local);
        FunctionType type = module.typeSection().getType(typeIndex);
        if (!type.params().isEmpty() || !type.returns().isEmpty()) {
          throw new SkillException(
              Reason.INVALID, "export " + function + " must take and return nothing, not " + type);
        }
        return;
      }
    }
    throw new SkillException(Reason.INVALID, "the module exports no function named " + function);
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }
}
