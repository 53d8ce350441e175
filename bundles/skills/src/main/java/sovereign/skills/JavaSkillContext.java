package sovereign.skills;

import java.nio.file.Path;
import sovereign.api.policy.CapabilityKind;
import sovereign.api.policy.Decision;
import sovereign.api.policy.PolicyRefusedException;
import sovereign.api.policy.Request;
import sovereign.api.skills.SkillContext;

/** The host functions of one Java skill run, each decided by the policy like a WASM import. */
final class JavaSkillContext implements SkillContext {

  private final HostServices host;
  private final String skill;
  private final String correlation;
  private final Requested requested;
  private int logLines;

  JavaSkillContext(HostServices host, String skill, String correlation, Requested requested) {
    this.host = host;
    this.skill = skill;
    this.correlation = correlation;
    this.requested = requested;
  }

  @Override
  public String skill() {
    return skill;
  }

  @Override
  public String correlation() {
    return correlation;
  }

  @Override
  public void log(String line) {
    if (!requested.hostFunction("log")) {
      throw refused("host.log", "skill " + skill + " did not ask for host.log in its manifest");
    }
    Decision decision =
        host.policy().decide(skill, Request.host("log").withCorrelation(correlation));
    if (!decision.allowed()) {
      throw new PolicyRefusedException(decision);
    }
    if (++logLines <= host.logLinesPerRun()) {
      String text = line == null ? "null" : line;
      host.log()
          .accept(
              skill, text.length() > HostAbi.MAX_LOG ? text.substring(0, HostAbi.MAX_LOG) : text);
    }
  }

  @Override
  public Path file(String path, boolean write) {
    CapabilityKind kind = write ? CapabilityKind.FS_WRITE : CapabilityKind.FS_READ;
    if (!requested.kind(kind)) {
      throw refused(
          kind.text(), "skill " + skill + " did not ask for " + kind.text() + " in its manifest");
    }
    return host.policy().resolveInSandbox(skill, path, write);
  }

  int droppedLogLines() {
    return Math.max(0, logLines - host.logLinesPerRun());
  }

  private static PolicyRefusedException refused(String capability, String reason) {
    return new PolicyRefusedException(Decision.deny(capability + ": " + reason));
  }
}
