package sovereign.api.skills;

import java.time.Duration;
import java.util.Objects;

/**
 * The hard limits of a skill's runs: the smaller of what its bundle declares and the host's
 * maximum.
 *
 * @param wallTime how long a run may take before it is interrupted
 * @param memoryPages the most 64 KiB pages of linear memory (WASM only)
 * @param maxInput the largest input, in bytes
 * @param maxOutput the largest output, in bytes
 */
public record SkillLimits(Duration wallTime, int memoryPages, int maxInput, int maxOutput) {
  public SkillLimits {
    Objects.requireNonNull(wallTime, "wallTime");
  }
}
