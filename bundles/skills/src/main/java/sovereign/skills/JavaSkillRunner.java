package sovereign.skills;

import java.util.concurrent.atomic.AtomicReference;
import sovereign.api.policy.PolicyRefusedException;
import sovereign.api.skills.Skill;
import sovereign.api.skills.SkillFailedException.Reason;

/**
 * Runs a Java skill's {@link Skill#run} on a thread of its own under the wall-time limit and the
 * input and output caps. Java code is not contained: a skill that ignores interruption keeps its
 * thread (docs/security.md).
 */
final class JavaSkillRunner {

  private static final long GRACE_MILLIS = 1000;

  private final HostServices host;
  private final RunningThreads running;

  JavaSkillRunner(HostServices host, RunningThreads running) {
    this.host = host;
    this.running = running;
  }

  byte[] run(LoadedSkill skill, Skill service, byte[] input, String correlation)
      throws InterruptedException {
    Limits limits = skill.limits();
    JavaSkillContext context =
        new JavaSkillContext(host, skill.name(), correlation, skill.descriptor().requested());
    AtomicReference<byte[]> output = new AtomicReference<>();
    Runnable body =
        () -> {
          try {
            output.set(service.run(input.clone(), context));
          } catch (PolicyRefusedException e) {
            throw new SkillException(Reason.REFUSED, e.getMessage(), e);
          } catch (InterruptedException e) {
            throw new SkillException(Reason.TIMEOUT, "the run was interrupted", e);
          } catch (SkillException e) {
            throw e;
          } catch (Exception | LinkageError e) {
            throw new SkillException(Reason.TRAP, "the skill threw " + e, e);
          }
        };
    SkillThread.run(
        "skill-" + skill.name(),
        limits.stackBytes(),
        body,
        limits.wallTime(),
        GRACE_MILLIS,
        running);
    byte[] out = output.get() == null ? new byte[0] : output.get();
    if (out.length > limits.maxOutput()) {
      throw new SkillException(
          Reason.OUTPUT,
          "the skill returned "
              + out.length
              + " bytes, over the output cap of "
              + limits.maxOutput()
              + " bytes");
    }
    if (context.droppedLogLines() > 0) {
      host.log().accept(skill.name(), context.droppedLogLines() + " more log lines dropped");
    }
    return out;
  }
}
