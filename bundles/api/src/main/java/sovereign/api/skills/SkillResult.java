package sovereign.api.skills;

import java.time.Duration;
import java.util.Objects;

/**
 * A completed run.
 *
 * @param skill the skill run
 * @param correlation the run's id in the audit log and the node log
 * @param output what the skill wrote
 * @param elapsed the wall time of the run
 * @param costMicros the IPPC micro-units charged for it
 */
public record SkillResult(
    String skill, String correlation, byte[] output, Duration elapsed, long costMicros) {
  public SkillResult {
    Objects.requireNonNull(skill, "skill");
    Objects.requireNonNull(output, "output");
    Objects.requireNonNull(elapsed, "elapsed");
  }
}
