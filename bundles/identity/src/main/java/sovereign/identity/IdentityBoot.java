package sovereign.identity;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Map;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;
import org.osgi.service.metatype.annotations.Designate;
import sovereign.api.identity.NodeHome;
import sovereign.api.identity.NodeIdentity;
import sovereign.api.node.LaunchOptions;
import sovereign.api.node.NodeControl;
import sovereign.identity.KeyCipher.ScryptParams;

/**
 * Boots the node's identity when the bundle starts: registers {@link NodeHome} as soon as the node
 * is chosen, and {@link NodeIdentity} only once the hardware check passed and the key is unlocked.
 * On any failure it calls {@link NodeControl#halt} with the reason and never registers {@link
 * NodeIdentity}, so the core services that depend on it never start.
 *
 * <p>Registered under its own (private) class so that the identity commands can read the outcome.
 */
@Component(service = IdentityBoot.class, immediate = true, configurationPid = IdentityBoot.PID)
@Designate(ocd = IdentityConfig.class)
public final class IdentityBoot {

  static final String PID = "sovereign.identity";

  /** Service property carrying the NodeID on both registered services. */
  static final String NODE_ID_PROPERTY = "sovereign.node.id";

  @Reference(policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
  volatile LaunchOptions options;

  @Reference(policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
  volatile NodeControl control;

  @Reference(service = LoggerFactory.class)
  Logger logger;

  HardwareProbe probe = new OshiHardwareProbe();
  ConsolePrompt console = ConsolePrompt.system();
  SecureRandom random = new SecureRandom();
  Clock clock = Clock.systemUTC();

  private volatile BootSequence.Outcome outcome;
  private ServiceRegistration<NodeHome> homeRegistration;
  private ServiceRegistration<NodeIdentity> identityRegistration;

  @Activate
  void activate(BundleContext context, IdentityConfig config) {
    ScryptParams params = new ScryptParams(config.scryptLogN(), 8, 1);
    BootSequence.Outcome result;
    if (params.problem() != null) {
      result =
          BootSequence.halted(
              Map.of(),
              null,
              "configuration " + PID + " is invalid: scryptLogN: " + params.problem());
    } else {
      try {
        Passphrases passphrases =
            new Passphrases(
                options, console.pausingDeadline(() -> control), config.passphraseAttempts());
        result =
            new BootSequence(options, probe, passphrases, params, random, clock)
                .run(home -> homeRegistration = register(context, NodeHome.class, home, home));
      } catch (RuntimeException e) {
        logger.error("identity boot failed", e);
        result = BootSequence.halted(Map.of(), null, "identity boot failed unexpectedly: " + e);
      }
    }
    outcome = result;
    if (result.identity().isPresent()) {
      NodeIdentityService identity = result.identity().get();
      NodeHomeDirectory home = result.home().orElseThrow();
      if (result.created()) {
        logger.info(
            "created node {} in {} (key encryption {})",
            identity.nodeId(),
            home.root(),
            result.keyFile().map(KeyFile::encrypted).orElse(false) ? "on" : "off");
      }
      identityRegistration = register(context, NodeIdentity.class, identity, home);
      logger.info("node {} identity is up (machine {})", identity.nodeId(), identity.machineId());
    } else {
      String reason = result.haltReason().orElseThrow();
      logger.error("identity check failed, halting: {}", reason);
      control.halt(reason);
    }
  }

  @Deactivate
  void deactivate() {
    unregister(identityRegistration);
    identityRegistration = null;
    unregister(homeRegistration);
    homeRegistration = null;
    outcome = null;
  }

  /** How the boot ended; null while it runs or after deactivation. */
  BootSequence.Outcome outcome() {
    return outcome;
  }

  private static <S> ServiceRegistration<S> register(
      BundleContext context, Class<S> type, S service, NodeHomeDirectory home) {
    Dictionary<String, Object> properties = new Hashtable<>();
    properties.put(NODE_ID_PROPERTY, home.nodeId().toString());
    return context.registerService(type, service, properties);
  }

  private static void unregister(ServiceRegistration<?> registration) {
    if (registration == null) {
      return;
    }
    try {
      registration.unregister();
    } catch (IllegalStateException e) {
      // Already unregistered: the framework does so when the bundle stops.
    }
  }
}
