package sovereign.skills;

import java.time.Duration;

/**
 * A completed run.
 *
 * @param output what the skill wrote with {@code env.output_write}
 * @param elapsed the wall time of the run: parsing, checks, compilation and instantiation included
 */
public record SkillRun(byte[] output, Duration elapsed) {}
