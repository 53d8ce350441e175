package sovereign.api.skills;

import java.util.List;
import java.util.Objects;

/**
 * A skill the host knows.
 *
 * @param name the skill's name, also its policy subject
 * @param kind WASM or Java
 * @param description what the bundle says it does; empty if nothing
 * @param bundle the symbolic name of the bundle that carries it
 * @param version the bundle's version
 * @param requested the capabilities the bundle asks for; only what the policy grants is allowed
 * @param limits the effective limits of a run
 * @param moduleSha256 the SHA-256 of the WASM module in hex; empty for a Java skill
 * @param ready whether it can run now (a Java skill's service may not be registered yet)
 */
public record SkillInfo(
    String name,
    SkillKind kind,
    String description,
    String bundle,
    String version,
    List<String> requested,
    SkillLimits limits,
    String moduleSha256,
    boolean ready) {
  public SkillInfo {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(kind, "kind");
    requested = List.copyOf(requested);
  }
}
