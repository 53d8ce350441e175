package sovereign.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import sovereign.api.identity.NodeHome;
import sovereign.api.identity.NodeId;
import sovereign.api.policy.Capability;
import sovereign.testing.Configs;
import sovereign.testing.RecordingLogger;
import sovereign.testing.SetClock;

/**
 * The policy bundle's components on a folder of a test, wired and started as DS would: audit, kill
 * switch, grants, policy, commands; with a set clock and the log they wrote.
 */
final class PolicyNode implements AutoCloseable {

  final Path root;
  final NodeHome home;
  final SetClock clock = new SetClock("2026-03-01T10:00:00Z");
  final List<String> log = Collections.synchronizedList(new ArrayList<>());
  final Map<String, Object> config = new HashMap<>();
  AuditService audit;
  KillSwitchService killSwitch;
  GrantStore grants;
  PolicyService policy;
  PolicyCommands commands;

  PolicyNode(Path root) {
    this.root = root;
    byte[] key = new byte[32];
    Arrays.fill(key, (byte) 7);
    NodeId id = NodeId.fromPublicKey(key);
    this.home =
        new NodeHome() {
          @Override
          public NodeId nodeId() {
            return id;
          }

          @Override
          public Path root() {
            return root;
          }
        };
  }

  /** All tiers LOW: grants alone decide. */
  PolicyNode allLow() {
    config.put(
        "tiers",
        new String[] {
          "fs.read=LOW", "fs.write=LOW", "net.connect=LOW", "ledger.spend=LOW",
          "mesh.publish=LOW", "mesh.subscribe=LOW", "skill.invoke=LOW", "host.*=LOW"
        });
    return this;
  }

  PolicyNode start() throws Exception {
    audit = new AuditService();
    audit.home = home;
    audit.logger = RecordingLogger.into(log);
    audit.open(home.logs().resolve(AuditService.FILE), 1024);
    killSwitch = new KillSwitchService();
    killSwitch.home = home;
    killSwitch.audit = audit;
    killSwitch.logger = RecordingLogger.into(log);
    killSwitch.clock = clock;
    killSwitch.activate();
    grants = new GrantStore();
    grants.home = home;
    grants.audit = audit;
    grants.logger = RecordingLogger.into(log);
    grants.clock = clock;
    grants.activate();
    policy = new PolicyService();
    policy.home = home;
    policy.grants = grants;
    policy.killSwitch = killSwitch;
    policy.audit = audit;
    policy.logger = RecordingLogger.into(log);
    policy.clock = clock;
    policy.activate(Configs.of(PolicyConfig.class, config));
    commands = new PolicyCommands();
    commands.policy = policy;
    commands.grants = grants;
    commands.killSwitch = killSwitch;
    commands.audit = audit;
    commands.home = home;
    return this;
  }

  /** Grants capabilities as policy:grant does. */
  PolicyNode grant(String subject, String... capabilities) throws IOException {
    for (String c : capabilities) {
      grants.grant(subject, Capability.parse(c));
    }
    return this;
  }

  PolicyNode restart() throws Exception {
    close();
    return start();
  }

  /** A copy of the log lines, which the policy file watcher may be adding to. */
  List<String> logged() {
    synchronized (log) {
      return new ArrayList<>(log);
    }
  }

  /** Every audit line written so far, parsed. */
  List<JsonNode> auditLines() {
    audit.flush();
    ObjectMapper json = new ObjectMapper();
    try {
      List<JsonNode> out = new ArrayList<>();
      for (String line : Files.readAllLines(audit.file())) {
        out.add(json.readTree(line));
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The audit lines of one event kind. */
  List<JsonNode> audited(String event) {
    return auditLines().stream().filter(l -> l.path("event").asText().equals(event)).toList();
  }

  @Override
  public void close() throws Exception {
    if (policy != null) {
      policy.deactivate();
      grants.deactivate();
      audit.deactivate();
      policy = null;
    }
  }
}
