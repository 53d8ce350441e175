package sovereign.policy;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import sovereign.api.identity.NodeHome;
import sovereign.api.policy.Capability;
import sovereign.api.policy.Decision;
import sovereign.api.policy.Request;
import sovereign.api.policy.RiskTier;
import sovereign.util.ConfirmPrompt;

/** The {@code policy:*} Gogo commands. */
@Component(
    service = PolicyCommands.class,
    property = {
      "osgi.command.scope=policy",
      "osgi.command.function=list",
      "osgi.command.function=grant",
      "osgi.command.function=revoke",
      "osgi.command.function=check",
      "osgi.command.function=pending",
      "osgi.command.function=approve",
      "osgi.command.function=deny",
      "osgi.command.function=halt",
      "osgi.command.function=resume",
      "osgi.command.function=audit"
    })
public final class PolicyCommands {

  @Reference PolicyService policy;

  @Reference GrantStore grants;

  @Reference KillSwitchService killSwitch;

  @Reference AuditService audit;

  @Reference NodeHome home;

  @Descriptor("list every subject's grants and denials with their risk tiers, and the tier table")
  public String list() {
    StringBuilder out = new StringBuilder();
    if (killSwitch.halted()) {
      out.append("HALTED since ")
          .append(killSwitch.since().orElseThrow())
          .append(": ")
          .append(killSwitch.reason().orElse(""))
          .append(" (every decision is DENY; policy:resume lifts it)\n");
    }
    Map<String, List<Capability>> all = policy.grants();
    if (all.isEmpty()) {
      out.append("no grants: every request is denied (policy:grant <subject> <capability>)\n");
    }
    all.forEach(
        (subject, capabilities) -> {
          out.append(subject).append('\n');
          for (Capability c : capabilities) {
            out.append("  ").append(c);
            if (!c.deny()) {
              out.append("  (").append(policy.tier(c.name())).append(')');
            }
            out.append('\n');
          }
        });
    out.append("tiers:");
    policy
        .tiers()
        .entries()
        .forEach((name, tier) -> out.append(' ').append(name).append('=').append(tier));
    out.append("\npolicy file: ").append(grants.file());
    return out.toString();
  }

  @Descriptor(
      "grant a capability to a subject (a ! in front records an explicit denial); saved in policy.json")
  public String grant(
      @Descriptor("the subject: a skill name, e.g. echo") String subject,
      @Descriptor(
              "the capability, e.g. fs.read:**, net.connect:*.example.com:443,"
                  + " ledger.spend:IPPC:0.5:20, host.log, !net.connect:evil.example.com")
          String capability)
      throws IOException {
    Capability c = Capability.parse(capability);
    String done = grants.grant(Subjects.check(subject), c);
    RiskTier tier = policy.tier(c.name());
    return done + (c.deny() ? "" : " (risk tier " + tier + ")") + "; saved in " + grants.file();
  }

  @Descriptor("remove a grant or denial from a subject; saved in policy.json")
  public String revoke(
      @Descriptor("the subject: a skill name") String subject,
      @Descriptor("the capability exactly as policy:list shows it") String capability)
      throws IOException {
    return grants.revoke(Subjects.check(subject), Capability.parse(capability))
        + "; saved in "
        + grants.file();
  }

  @Descriptor(
      "say what the policy would decide for a request now, without auditing or asking anyone")
  public String check(
      @Descriptor("the subject: a skill name") String subject,
      @Descriptor(
              "the request, e.g. fs.read:data/in.txt, net.connect:example.com:443,"
                  + " ledger.spend:IPPC:1.5, mesh.publish:news.daily, skill.invoke:echo, host.log")
          String request) {
    Request r = Request.parse(request);
    Decision d = policy.check(Subjects.check(subject), r);
    return switch (d.verdict()) {
      case ALLOW -> "ALLOW " + r;
      case DENY -> "DENY " + r + ": " + d.reason();
      case PENDING -> "PENDING " + r + ": " + d.reason();
    };
  }

  @Descriptor("list the requests waiting for the operator, oldest first")
  public String pending() {
    List<Approvals.Pending> waiting = policy.approvals.pending();
    if (waiting.isEmpty()) {
      return "no request waits for approval";
    }
    Instant now = policy.clock.instant();
    StringBuilder out = new StringBuilder();
    for (Approvals.Pending p : waiting) {
      out.append(p.id())
          .append("  ")
          .append(p.subject())
          .append("  ")
          .append(p.request())
          .append("  asked ")
          .append(p.asked())
          .append(", expires in ")
          .append(Math.max(0, Duration.between(now, p.expires()).toSeconds()))
          .append(" s\n");
    }
    return out.toString().stripTrailing();
  }

  @Descriptor("approve a waiting request: the same request is then allowed for a while")
  public String approve(@Descriptor("the approval id, as policy:pending shows it") String id) {
    return answer(id, true);
  }

  @Descriptor("deny a waiting request: the same request is then refused for a while")
  public String deny(@Descriptor("the approval id, as policy:pending shows it") String id) {
    return answer(id, false);
  }

  private String answer(String id, boolean approve) {
    Approvals.Pending p = policy.answer(id.strip(), approve);
    if (p == null) {
      throw new IllegalArgumentException(
          "'"
              + id
              + "' is not a waiting approval (answered or expired?); policy:pending lists them");
    }
    return (approve ? "approved " : "denied ") + p.id() + ": " + p.subject() + " " + p.request();
  }

  @Descriptor(
      "throw the kill switch: every decision is DENY and running skills are stopped, across restarts")
  public String halt() {
    return halt("");
  }

  @Descriptor("throw the kill switch with a reason (quote it if it has spaces)")
  public String halt(@Descriptor("why, recorded in the audit log") String reason) {
    killSwitch.halt(reason);
    return "HALTED: "
        + killSwitch.reason().orElse("")
        + ". Every policy decision is DENY until policy:resume.";
  }

  @Descriptor("lift the kill switch, after you type this node's NodeID or resume to confirm")
  public String resume(CommandSession session) throws IOException {
    if (!killSwitch.halted()) {
      throw new IllegalStateException("the kill switch is not thrown; nothing to resume");
    }
    String nodeId = home.nodeId().toString();
    session
        .getConsole()
        .println(
            "The kill switch is thrown since "
                + killSwitch.since().orElseThrow()
                + ": "
                + killSwitch.reason().orElse(""));
    String answer =
        new ConfirmPrompt(session)
            .ask("To resume, type this node's NodeID " + nodeId + " or resume: ");
    String typed = answer == null ? "" : answer.strip();
    if (!typed.equals(nodeId) && !typed.equals("resume")) {
      throw new IllegalArgumentException(
          "resume cancelled: you typed '"
              + typed
              + "'; type the NodeID "
              + nodeId
              + " or resume to confirm. The kill switch stays thrown");
    }
    killSwitch.resume("lifted at the console");
    return "resumed: decisions follow the grants again";
  }

  @Descriptor("print the newest audit log lines, oldest first")
  public String audit(
      @Descriptor("how many lines (1 to 10000)")
          @Parameter(
              names = {"-n", "--number"},
              absentValue = "20")
          int n)
      throws IOException {
    if (n < 1 || n > 10_000) {
      throw new IllegalArgumentException("'" + n + "' lines cannot be shown: ask for 1 to 10000");
    }
    List<String> lines = audit.newest(n);
    return lines.isEmpty()
        ? "the audit log " + audit.file() + " is empty"
        : String.join("\n", lines);
  }
}
