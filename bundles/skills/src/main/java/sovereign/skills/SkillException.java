package sovereign.skills;

import sovereign.api.skills.SkillFailedException.Reason;

/**
 * A run that did not complete, inside the host; {@link #kind()} says which limit or check stopped
 * it, in the API's terms. The host turns it into a {@code SkillFailedException} with the cost.
 */
public class SkillException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final Reason kind;

  public SkillException(Reason kind, String message) {
    super(message);
    this.kind = kind;
  }

  public SkillException(Reason kind, String message, Throwable cause) {
    super(message, cause);
    this.kind = kind;
  }

  public Reason kind() {
    return kind;
  }
}
