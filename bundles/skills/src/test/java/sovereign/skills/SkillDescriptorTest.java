package sovereign.skills;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Hashtable;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SkillDescriptorTest {

  private static SkillDescriptor parse(Map<String, String> headers) {
    return SkillDescriptor.parse(new Hashtable<>(headers));
  }

  @Test
  void aWasmSkillIsReadFromItsHeaders() {
    SkillDescriptor d =
        parse(
            Map.of(
                "Sovereign-Skill", "wordcount",
                "Sovereign-Skill-Module", "skill/wordcount.wasm",
                "Sovereign-Skill-Capabilities",
                    "host.input_size, host.output_write, fs.read:data/**",
                "Sovereign-Skill-Limits", "wall-time-ms=2000, memory-pages=16",
                "Sovereign-Skill-Description", "Counts words."));

    assertThat(d.wasm()).isTrue();
    assertThat(d.function()).isEqualTo("run");
    assertThat(d.requested().texts())
        .containsExactly("host.input_size", "host.output_write", "fs.read:data/**");
    assertThat(d.wallTimeMs()).hasValue(2000);
    assertThat(d.memoryPages()).hasValue(16);
    assertThat(d.maxInput()).isEmpty();
    assertThat(d.description()).isEqualTo("Counts words.");
  }

  @Test
  void aBundleWithoutAModuleIsAJavaSkill() {
    assertThat(parse(Map.of("Sovereign-Skill", "greet")).wasm()).isFalse();
  }

  @Test
  void badHeadersAreRefusedNamingTheHeader() {
    assertThatThrownBy(() -> parse(Map.of("Sovereign-Skill", "Bad Name")))
        .hasMessageStartingWith("Sovereign-Skill: 'Bad Name' is not a skill name");
    assertThatThrownBy(
            () -> parse(Map.of("Sovereign-Skill", "x", "Sovereign-Skill-Module", "../x.wasm")))
        .hasMessage(
            "Sovereign-Skill-Module: '../x.wasm' must be a relative path inside the bundle");
    assertThatThrownBy(
            () -> parse(Map.of("Sovereign-Skill", "x", "Sovereign-Skill-Capabilities", "fs.rd:x")))
        .hasMessageStartingWith("Sovereign-Skill-Capabilities: 'fs.rd:x' is not a capability");
    assertThatThrownBy(
            () -> parse(Map.of("Sovereign-Skill", "x", "Sovereign-Skill-Limits", "cpu=100")))
        .hasMessageStartingWith("Sovereign-Skill-Limits: 'cpu=100' is not one of wall-time-ms=N");
    assertThatThrownBy(
            () -> parse(Map.of("Sovereign-Skill", "x", "Sovereign-Skill-Limits", "max-input=-5")))
        .hasMessage("Sovereign-Skill-Limits: 'max-input=-5' needs a positive whole number");
    assertThatThrownBy(
            () -> parse(Map.of("Sovereign-Skill", "x", "Sovereign-Skill-Function", "run()")))
        .hasMessageStartingWith("Sovereign-Skill-Function: 'run()' is not an export name");
  }
}
