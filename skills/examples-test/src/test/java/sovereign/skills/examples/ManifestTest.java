package sovereign.skills.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.Export;
import com.dylibso.chicory.wasm.types.ExternalType;
import com.dylibso.chicory.wasm.types.FunctionImport;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.Import;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.Attributes;
import java.util.jar.Manifest;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Each skill's bundle manifest says what the host needs, and its module matches it. */
class ManifestTest {

  static Stream<String> names() {
    return Skills.ALL.stream().map(Skills.Expected::name);
  }

  @ParameterizedTest
  @MethodSource("names")
  void theBundleCarriesTheSkillHeaders(String name) {
    Optional<Manifest> manifest = Skills.manifest(name);
    assumeTrue(manifest.isPresent(), "the skill's bundle jar is not built (no package phase)");
    Attributes headers = manifest.get().getMainAttributes();
    Skills.Expected expected = Skills.expected(name);

    assertThat(headers.getValue("Bundle-SymbolicName")).isEqualTo("sovereign.skill." + name);
    assertThat(headers.getValue("Bundle-ManifestVersion")).isEqualTo("2");
    assertThat(headers.getValue("Sovereign-Skill")).isEqualTo(name).matches("[a-z0-9._-]+");
    assertThat(headers.getValue("Sovereign-Skill-Module")).isEqualTo("skill/" + name + ".wasm");
    assertThat(headers.getValue("Sovereign-Skill-Function")).isEqualTo("run");
    assertThat(headers.getValue("Sovereign-Skill-Capabilities")).isEqualTo(expected.capabilities());
    assertThat(headers.getValue("Sovereign-Skill-Limits")).isEqualTo(expected.limits());
    assertThat(headers.getValue("Sovereign-Skill-Description")).isNotBlank();
    assertThat(headers.getValue("Bundle-Description"))
        .isEqualTo(headers.getValue("Sovereign-Skill-Description"));
    // the bundle holds the module and nothing to import
    assertThat(headers.getValue("Import-Package")).isNull();
  }

  @ParameterizedTest
  @MethodSource("names")
  void theLimitsAreKnownKeysWithPositiveValues(String name) {
    Set<String> keys = new TreeSet<>();
    for (String part : Skills.expected(name).limits().split(",")) {
      String[] kv = part.strip().split("=", 2);
      assertThat(kv[0]).isIn("wall-time-ms", "memory-pages", "max-input", "max-output");
      assertThat(Long.parseLong(kv[1])).isPositive();
      assertThat(keys.add(kv[0])).as("%s given twice", kv[0]).isTrue();
    }
  }

  @ParameterizedTest
  @MethodSource("names")
  void theModuleExportsItsMemoryAndRun(String name) {
    WasmModule module = Skills.module(name);
    List<Export> exports = exports(module);
    assertThat(exports)
        .anySatisfy(
            e -> {
              assertThat(e.name()).isEqualTo("memory");
              assertThat(e.exportType()).isEqualTo(ExternalType.MEMORY);
            });
    Export run = exports.stream().filter(e -> e.name().equals("run")).findFirst().orElseThrow();
    assertThat(run.exportType()).isEqualTo(ExternalType.FUNCTION);
    int local = run.index() - module.importSection().count(ExternalType.FUNCTION);
    assertThat(module.functionSection().getFunctionType(local, module.typeSection()))
        .isEqualTo(FunctionType.empty());
  }

  @ParameterizedTest
  @MethodSource("names")
  void theModuleImportsOnlyHostFunctionsOfTheAbi(String name) {
    WasmModule module = Skills.module(name);
    for (Import i : imports(module)) {
      assertThat(i.module()).isEqualTo("env");
      assertThat(i.importType()).isEqualTo(ExternalType.FUNCTION);
      assertThat(Skills.ABI).containsKey(i.name());
      FunctionType type = module.typeSection().getType(((FunctionImport) i).typeIndex());
      List<?> abi = Skills.ABI.get(i.name());
      assertThat(type.params()).as("params of %s", i.name()).isEqualTo(abi.get(0));
      assertThat(type.returns()).as("results of %s", i.name()).isEqualTo(abi.get(1));
    }
  }

  @ParameterizedTest
  @MethodSource("names")
  void theDeclaredHostCapabilitiesAreExactlyTheImports(String name) {
    Set<String> imported =
        imports(Skills.module(name)).stream()
            .map(i -> "host." + i.name())
            .collect(Collectors.toCollection(TreeSet::new));
    Set<String> declared = declaredHost(name);
    if (name.equals("undeclared")) {
      // hostile on purpose: one import, env.kv_put, that the manifest does not ask for
      Set<String> uncovered = new TreeSet<>(imported);
      uncovered.removeAll(declared);
      assertThat(uncovered).containsExactly("host.kv_put");
      assertThat(declared).isSubsetOf(imported);
    } else {
      assertThat(declared).isEqualTo(imported);
    }
  }

  private static Set<String> declaredHost(String name) {
    String capabilities = Skills.expected(name).capabilities();
    if (capabilities == null) {
      return Set.of();
    }
    return Arrays.stream(capabilities.split(","))
        .map(String::strip)
        .filter(c -> c.startsWith("host."))
        .collect(Collectors.toCollection(TreeSet::new));
  }

  private static List<Import> imports(WasmModule module) {
    return module.importSection().stream().collect(Collectors.toList());
  }

  private static List<Export> exports(WasmModule module) {
    var section = module.exportSection();
    return java.util.stream.IntStream.range(0, section.exportCount())
        .mapToObj(section::getExport)
        .collect(Collectors.toList());
  }
}
