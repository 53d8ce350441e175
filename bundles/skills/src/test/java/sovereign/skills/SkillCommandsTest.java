package sovereign.skills;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sovereign.api.policy.Capability;
import sovereign.api.skills.SkillFailedException;
import sovereign.api.skills.SkillHost;
import sovereign.api.skills.SkillInfo;
import sovereign.api.skills.SkillKind;
import sovereign.api.skills.SkillLimits;
import sovereign.api.skills.SkillResult;

class SkillCommandsTest {

  @TempDir Path dir;

  private final SkillHost host = mock(SkillHost.class);
  private final SkillCommands commands = new SkillCommands();

  SkillCommandsTest() {
    commands.host = host;
    commands.policy = new FakePolicy();
    SkillInfo echo =
        new SkillInfo(
            "echo",
            SkillKind.WASM,
            "Echoes.",
            "sovereign.skill.echo",
            "1.0.0",
            List.of("host.input_size"),
            new SkillLimits(Duration.ofSeconds(2), 16, 1024, 1024),
            "ab".repeat(32),
            true);
    when(host.skill("echo")).thenReturn(Optional.of(echo));
    when(host.skills()).thenReturn(List.of(echo));
  }

  @Test
  void runPrintsTheOutputTimeAndCost() throws Exception {
    when(host.run(eq("echo"), any()))
        .thenAnswer(
            call ->
                new SkillResult(
                    "echo", "c-1", call.getArgument(1), Duration.ofMillis(12), 600_000));

    assertThat(commands.run(null, "", "echo", "hello,", "swarm"))
        .isEqualTo("hello, swarm\n-- 12 ms, cost 0.6 IPPC, 12 bytes out (c-1)");
  }

  @Test
  void runReadsTheInputFromAFile() throws Exception {
    Path file = Files.writeString(dir.resolve("in.txt"), "from a file");
    when(host.run(eq("echo"), any()))
        .thenAnswer(call -> new SkillResult("echo", "c-2", call.getArgument(1), Duration.ZERO, 0));

    assertThat(commands.run(null, file.toString(), "echo")).startsWith("from a file\n");
    assertThatThrownBy(() -> commands.run(null, file.toString(), "echo", "and", "words"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not both");
    assertThatThrownBy(() -> commands.run(null, dir.resolve("none").toString(), "echo"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no such file");
  }

  @Test
  void aFailedRunSaysWhyAndWhatWasCharged() throws Exception {
    when(host.run(eq("echo"), any()))
        .thenThrow(
            new SkillFailedException(
                SkillFailedException.Reason.TIMEOUT, "skill echo: too slow", 2_000_000, null));

    assertThatThrownBy(() -> commands.run(null, "", "echo"))
        .hasMessage("skill echo: too slow (charged 2 IPPC)");
  }

  @Test
  void anUnknownSkillIsAUserError() {
    assertThatThrownBy(() -> commands.info("nope"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("no skill named 'nope' is loaded; skill:list shows those that are");
  }

  @Test
  void infoShowsWhatItAsksForBesideWhatIsGranted() {
    commands.policy =
        new FakePolicy() {
          @Override
          public Map<String, List<Capability>> grants() {
            return Map.of("echo", List.of(Capability.parse("host.input_size")));
          }
        };

    assertThat(commands.info("echo"))
        .contains("asks for:  host.input_size")
        .contains("granted:   host.input_size")
        .contains("module:    sha256 abab");
    assertThat(commands.list())
        .contains("echo")
        .contains("sovereign.skill.echo")
        .contains("2000 ms");
  }

  @Test
  void binaryOutputIsPrintedAsHex() {
    assertThat(SkillCommands.printable(new byte[] {(byte) 0xff, 0x00}))
        .isEqualTo("(binary output, hex) ff00");
    assertThat(SkillCommands.printable("tschüss\n".getBytes(StandardCharsets.UTF_8)))
        .isEqualTo("tschüss");
  }
}
