package sovereign.skills;

import java.time.Duration;
import java.util.Objects;
import sovereign.api.skills.SkillFailedException.Reason;

/**
 * The hard limits of one skill run.
 *
 * @param wallTime how long the run may take before its thread is interrupted
 * @param memoryPages the most 64 KiB pages of linear memory the module may have, 1 to 32767
 * @param maxInput the largest input, in bytes
 * @param maxOutput the most bytes the skill may write with {@code env.output_write}
 * @param stackBytes the stack size of the run's thread, which bounds the call depth
 */
public record Limits(
    Duration wallTime, int memoryPages, int maxInput, int maxOutput, long stackBytes) {

  /** The most pages Chicory's memory holds (2 GiB). */
  public static final int MAX_PAGES = 32767;

  /** 5 s, 256 pages (16 MiB), 1 MiB in, 1 MiB out, 1 MiB of stack. */
  public static final Limits DEFAULTS =
      new Limits(Duration.ofSeconds(5), 256, 1 << 20, 1 << 20, 1 << 20);

  /**
   * Checks an input against the input cap.
   *
   * @throws SkillException INPUT if it is larger
   */
  void requireInput(byte[] input) {
    if (input.length > maxInput) {
      throw new SkillException(
          Reason.INPUT,
          "input of " + input.length + " bytes is over the cap of " + maxInput + " bytes");
    }
  }

  public Limits {
    Objects.requireNonNull(wallTime, "wallTime");
    if (wallTime.isNegative() || wallTime.isZero()) {
      throw new IllegalArgumentException("wall time " + wallTime + " must be positive");
    }
    if (memoryPages < 1 || memoryPages > MAX_PAGES) {
      throw new IllegalArgumentException(
          "memory cap of " + memoryPages + " pages must be 1 to " + MAX_PAGES);
    }
    if (maxInput < 0 || maxOutput < 0) {
      throw new IllegalArgumentException("input and output caps must not be negative");
    }
    if (stackBytes < 64 * 1024) {
      throw new IllegalArgumentException("stack of " + stackBytes + " bytes is under 64 KiB");
    }
  }
}
