package sovereign.api.skills;

/**
 * A run that did not complete, or was refused before it started. {@link #reason()} says which check
 * or limit stopped it; {@link #costMicros()} what was charged for the time it used.
 */
public class SkillFailedException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** What stopped the run. */
  public enum Reason {
    /** No skill of that name is loaded. */
    UNKNOWN,
    /** The kill switch is thrown, or was thrown during the run. */
    HALTED,
    /** The node's wallet cannot pay the quoted cost; nothing ran. */
    UNPAID,
    /** The skill may not run: the policy or its bundle refuses it. */
    REFUSED,
    /** The module is not valid WebAssembly or does not export the function as required. */
    INVALID,
    /** An import is not provided by the host, not requested by the bundle, or not granted. */
    LINK,
    /** The input is larger than the input cap. */
    INPUT,
    /** The skill wrote more than the output cap. */
    OUTPUT,
    /** The module declared or grew its memory beyond the memory cap. */
    MEMORY,
    /** The run took longer than the wall-time limit. */
    TIMEOUT,
    /** The module trapped, or the Java skill threw. */
    TRAP
  }

  private final Reason reason;
  private final long costMicros;

  public SkillFailedException(Reason reason, String message, long costMicros, Throwable cause) {
    super(message, cause);
    this.reason = reason;
    this.costMicros = costMicros;
  }

  public Reason reason() {
    return reason;
  }

  /** The IPPC micro-units charged for the time the run used; 0 if it never started. */
  public long costMicros() {
    return costMicros;
  }
}
