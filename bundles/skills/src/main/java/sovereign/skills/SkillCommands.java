package sovereign.skills;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import sovereign.api.ledger.Amounts;
import sovereign.api.ledger.Currency;
import sovereign.api.policy.Capability;
import sovereign.api.policy.Policy;
import sovereign.api.skills.SkillFailedException;
import sovereign.api.skills.SkillHost;
import sovereign.api.skills.SkillInfo;
import sovereign.api.skills.SkillResult;

/** The {@code skill:*} Gogo commands. */
@Component(
    service = SkillCommands.class,
    property = {
      "osgi.command.scope=skill",
      "osgi.command.function=list",
      "osgi.command.function=info",
      "osgi.command.function=run"
    })
public final class SkillCommands {

  @Reference SkillHost host;

  @Reference Policy policy;

  @Descriptor("list the loaded skills: name, kind, bundle, version, wall-time limit")
  public String list() {
    List<SkillInfo> skills = host.skills();
    if (skills.isEmpty()) {
      return "no skills loaded: install and start a bundle with a Sovereign-Skill header";
    }
    StringBuilder out = new StringBuilder();
    out.append(
        String.format(
            "%-20s %-5s %-32s %-16s %s%n", "SKILL", "KIND", "BUNDLE", "VERSION", "LIMIT"));
    for (SkillInfo s : skills) {
      out.append(
          String.format(
              "%-20s %-5s %-32s %-16s %s%s%n",
              s.name(),
              s.kind(),
              s.bundle(),
              s.version(),
              s.limits().wallTime().toMillis() + " ms",
              s.ready() ? "" : "  (not ready: no Skill service yet)"));
    }
    return out.toString().stripTrailing();
  }

  @Descriptor("show a skill: what it asks for, what the policy grants it, its limits")
  public String info(@Descriptor("the skill's name") String name) {
    SkillInfo s = host.skill(name).orElseThrow(() -> unknown(name));
    StringBuilder out = new StringBuilder();
    out.append(s.name()).append(" (").append(s.kind()).append(")");
    if (!s.description().isEmpty()) {
      out.append(": ").append(s.description());
    }
    out.append("\nbundle:    ").append(s.bundle()).append(' ').append(s.version());
    if (!s.moduleSha256().isEmpty()) {
      out.append("\nmodule:    sha256 ").append(s.moduleSha256());
    }
    out.append("\nlimits:    wall time ")
        .append(s.limits().wallTime().toMillis())
        .append(" ms, input ")
        .append(s.limits().maxInput())
        .append(" B, output ")
        .append(s.limits().maxOutput())
        .append(" B");
    if (s.kind() == sovereign.api.skills.SkillKind.WASM) {
      out.append(", memory ").append(s.limits().memoryPages()).append(" pages");
    }
    out.append("\nasks for:  ")
        .append(s.requested().isEmpty() ? "nothing" : String.join(", ", s.requested()));
    List<Capability> granted = policy.grants().getOrDefault(s.name(), List.of());
    out.append("\ngranted:   ")
        .append(
            granted.isEmpty()
                ? "nothing (policy:grant " + s.name() + " <capability>)"
                : String.join(", ", granted.stream().map(Capability::toString).toList()));
    if (!s.ready()) {
      out.append("\nnot ready: the bundle has not registered its Skill service");
    }
    return out.toString();
  }

  @Descriptor("run a skill once and print its output, time and cost")
  public String run(
      CommandSession session,
      @Descriptor("read the input from this file instead")
          @Parameter(
              names = {"-f", "--file"},
              absentValue = "")
          String file,
      @Descriptor("the skill's name") String name,
      @Descriptor("the input text (none: empty input)") String... input)
      throws IOException, InterruptedException {
    host.skill(name).orElseThrow(() -> unknown(name));
    if (!file.isEmpty() && input.length > 0) {
      throw new IllegalArgumentException(
          "give the input as text or with -f '" + file + "', not both");
    }
    byte[] bytes =
        file.isEmpty() ? String.join(" ", input).getBytes(StandardCharsets.UTF_8) : read(file);
    SkillResult result;
    try {
      result = host.run(name, bytes);
    } catch (SkillFailedException e) {
      throw new IllegalStateException(
          e.getMessage()
              + (e.costMicros() > 0
                  ? " (charged " + Amounts.format(e.costMicros(), Currency.IPPC) + ")"
                  : ""),
          e);
    }
    return printable(result.output())
        + "\n-- "
        + result.elapsed().toMillis()
        + " ms, cost "
        + Amounts.format(result.costMicros(), Currency.IPPC)
        + ", "
        + result.output().length
        + (result.output().length == 1 ? " byte out (" : " bytes out (")
        + result.correlation()
        + ")";
  }

  private static byte[] read(String file) throws IOException {
    Path path = Path.of(file).toAbsolutePath();
    if (!Files.isRegularFile(path)) {
      throw new IllegalArgumentException("-f '" + file + "': no such file (" + path + ")");
    }
    return Files.readAllBytes(path);
  }

  /** The output as text if it is UTF-8, else as hex. */
  static String printable(byte[] output) {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(output))
          .toString()
          .stripTrailing();
    } catch (CharacterCodingException e) {
      return "(binary output, hex) " + HexFormat.of().formatHex(output);
    }
  }

  private static IllegalArgumentException unknown(String name) {
    return new IllegalArgumentException(
        "no skill named '" + name + "' is loaded; skill:list shows those that are");
  }
}
