package sovereign.api.skills;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A Java skill: a bundle with a {@code Sovereign-Skill} header and no module registers one as a
 * service with the property {@value #NAME} set to the header's skill name. Java code cannot be
 * contained on this JVM; see docs/security.md before trusting one.
 */
@ConsumerType
public interface Skill {

  /** The service property naming the skill, as in the bundle's {@code Sovereign-Skill} header. */
  String NAME = "sovereign.skill.name";

  /**
   * Runs the skill once. The thread is interrupted when the wall-time limit passes or the kill
   * switch is thrown: return promptly when it is.
   *
   * @param input the caller's bytes, within the input cap
   * @param context the run's host functions, each checked by the policy
   * @return the output, within the output cap
   */
  byte[] run(byte[] input, SkillContext context) throws Exception;
}
