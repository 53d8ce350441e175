package sovereign.api.skills;

import java.nio.file.Path;
import org.osgi.annotation.versioning.ProviderType;

/**
 * What a Java skill may ask of the host during one run. Each call is decided by the policy for the
 * skill, audited, and refused with {@code sovereign.api.policy.PolicyRefusedException}.
 */
@ProviderType
public interface SkillContext {

  /** The skill's name. */
  String skill();

  /** The run's correlation id, as in the audit log. */
  String correlation();

  /** Logs one line for the skill ({@code host.log}). */
  void log(String line);

  /**
   * A file inside the skill's sandbox, checked as {@code fs.read} or {@code fs.write} and resolved
   * as {@code Policy.resolveInSandbox} does.
   */
  Path file(String path, boolean write);
}
