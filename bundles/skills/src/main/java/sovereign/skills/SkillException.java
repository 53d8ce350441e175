package sovereign.skills;

/** A skill run that did not complete; {@link #kind()} says which limit or check stopped it. */
public class SkillException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** What stopped the run. */
  public enum Kind {
    /** The module is not valid WebAssembly or does not export the function as required. */
    INVALID,
    /** An import is not provided by the host or not granted to the skill. */
    LINK,
    /** The input is larger than the input cap. */
    INPUT,
    /** The skill wrote more than the output cap. */
    OUTPUT,
    /** The module declared or grew its memory beyond the memory cap. */
    MEMORY,
    /** The run took longer than the wall-time limit, or was stopped from outside. */
    TIMEOUT,
    /** A host call was refused by the policy. */
    REFUSED,
    /** The kill switch was thrown before or during the run. */
    HALTED,
    /** The module trapped (unreachable, out-of-bounds access, stack exhausted, ...). */
    TRAP
  }

  private final Kind kind;

  public SkillException(Kind kind, String message) {
    super(message);
    this.kind = kind;
  }

  public SkillException(Kind kind, String message, Throwable cause) {
    super(message, cause);
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }
}
