package sovereign.skills;

import java.time.Duration;
import org.osgi.framework.Bundle;
import sovereign.api.skills.SkillInfo;
import sovereign.api.skills.SkillKind;
import sovereign.api.skills.SkillLimits;

/**
 * A skill the extender loaded from an active bundle.
 *
 * @param descriptor what the manifest says
 * @param bundle the bundle that carries it
 * @param limits the effective limits: the declared ones, within the host's maxima
 * @param wasm the module's bytes (empty for a Java skill)
 * @param sha256 the module's hash (empty for a Java skill)
 */
record LoadedSkill(
    SkillDescriptor descriptor, Bundle bundle, Limits limits, byte[] wasm, String sha256) {

  String name() {
    return descriptor.name();
  }

  SkillKind kind() {
    return descriptor.wasm() ? SkillKind.WASM : SkillKind.JAVA;
  }

  SkillInfo info(boolean ready) {
    return new SkillInfo(
        name(),
        kind(),
        descriptor.description(),
        bundle.getSymbolicName(),
        bundle.getVersion().toString(),
        descriptor.requested().texts(),
        new SkillLimits(
            limits.wallTime(), limits.memoryPages(), limits.maxInput(), limits.maxOutput()),
        sha256,
        ready);
  }

  /** The declared limits, defaulted and capped by the host's configuration. */
  static Limits limits(SkillDescriptor d, SkillsConfig config) {
    return new Limits(
        Duration.ofMillis(
            Math.min(d.wallTimeMs().orElse(config.defaultWallTimeMs()), config.maxWallTimeMs())),
        Math.min(
            Math.min(d.memoryPages().orElse(config.defaultMemoryPages()), config.maxMemoryPages()),
            Limits.MAX_PAGES),
        Math.min(d.maxInput().orElse(config.defaultMaxInput()), config.maxInput()),
        Math.min(d.maxOutput().orElse(config.defaultMaxOutput()), config.maxOutput()),
        config.stackBytes());
  }
}
