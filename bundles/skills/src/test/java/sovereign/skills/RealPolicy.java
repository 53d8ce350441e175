package sovereign.skills;

import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import sovereign.api.identity.NodeHome;
import sovereign.api.identity.NodeId;
import sovereign.api.policy.Capability;
import sovereign.api.policy.Policy;
import sovereign.policy.AuditService;
import sovereign.policy.GrantStore;
import sovereign.policy.KillSwitchService;
import sovereign.policy.PolicyService;
import sovereign.testing.Configs;
import sovereign.testing.RecordingLogger;

/**
 * The policy bundle's own {@link PolicyService} with its audit log, kill switch and grant store,
 * wired and activated on a folder as DS would (as the policy bundle's test PolicyNode does), for
 * {@link SkillsBench}. Their references and activate methods are package-private, so they are set
 * and called reflectively; every decision is evaluated and audited as in a node.
 */
final class RealPolicy implements AutoCloseable {

  /** The audit queue's capacity, the policy bundle's default (AuditService.Config). */
  private static final int AUDIT_QUEUE = 65536;

  private final PolicyService policy = new PolicyService();
  final Path auditFile;
  private final AuditService audit = new AuditService();
  private final KillSwitchService killSwitch = new KillSwitchService();
  private final GrantStore grants = new GrantStore();
  private final List<String> log = Collections.synchronizedList(new ArrayList<>());

  RealPolicy(Path root) throws Exception {
    byte[] key = new byte[32];
    Arrays.fill(key, (byte) 7);
    NodeId id = NodeId.fromPublicKey(key);
    NodeHome home =
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
    auditFile = home.logs().resolve("audit.jsonl");
    for (Object component : List.of(audit, killSwitch, grants, policy)) {
      set(component, "home", home);
      set(component, "logger", RecordingLogger.into(log));
    }
    call(audit, "open", new Class<?>[] {Path.class, int.class}, auditFile, AUDIT_QUEUE);
    set(killSwitch, "audit", audit);
    call(killSwitch, "activate", new Class<?>[0]);
    set(grants, "audit", audit);
    call(grants, "activate", new Class<?>[0]);
    set(policy, "grants", grants);
    set(policy, "killSwitch", killSwitch);
    set(policy, "audit", audit);
    Class<?> config = Class.forName("sovereign.policy.PolicyConfig");
    call(policy, "activate", new Class<?>[] {config}, Configs.of(config, Map.of()));
  }

  /** Grants {@code capability} to {@code subject}, as policy:grant does. */
  RealPolicy grant(String subject, String capability) throws Exception {
    call(
        grants,
        "grant",
        new Class<?>[] {String.class, Capability.class},
        subject,
        Capability.parse(capability));
    return this;
  }

  Policy policy() {
    return policy;
  }

  /** What the components logged (errors would show here). */
  List<String> logged() {
    synchronized (log) {
      return new ArrayList<>(log);
    }
  }

  @Override
  public void close() throws Exception {
    call(policy, "deactivate", new Class<?>[0]);
    call(grants, "deactivate", new Class<?>[0]);
    call(audit, "deactivate", new Class<?>[0]);
  }

  private static void set(Object target, String name, Object value) throws Exception {
    Field f = target.getClass().getDeclaredField(name);
    f.setAccessible(true);
    f.set(target, value);
  }

  private static Object call(Object target, String name, Class<?>[] types, Object... args)
      throws Exception {
    Method m = target.getClass().getDeclaredMethod(name, types);
    m.setAccessible(true);
    try {
      return m.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause() instanceof Exception x ? x : e;
    }
  }
}
