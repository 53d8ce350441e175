package sovereign.api.deploy;

/**
 * A jar or a change refused before anything changed: not signed by a trusted, in-scope publisher,
 * not a bundle, a name clash, or a change that makes no sense (updating what is not installed). The
 * message names the problem and what would work.
 */
public class DeploymentRefusedException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  public DeploymentRefusedException(String message) {
    super(message);
  }
}
