package sovereign.deploy;

import java.io.IOException;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;
import org.osgi.service.metatype.annotations.Designate;
import sovereign.api.deploy.Deployer;
import sovereign.api.identity.NodeHome;

/**
 * Starts the deploy bundle: opens the trust store and the files under {@code <node>/deploy/},
 * restores the deployed bundles on a thread of its own (a restore updates other bundles, which must
 * not happen inside a DS activation), then registers the {@link Deployer} (a core service the boot
 * waits for) and starts the drop folder.
 */
@Component(immediate = true, configurationPid = "sovereign.deploy")
@Designate(ocd = DeployConfig.class)
public final class DeployComponent {

  @Reference NodeHome home;
  @Reference ServiceComponentRuntime components;

  @Reference(service = LoggerFactory.class)
  Logger logger;

  private BundleContext context;
  private HealthGate gate;
  private Thread boot;
  private volatile DeployService service;
  private volatile ServiceRegistration<?> registration;
  private ServiceRegistration<TrustStore> trustRegistration;
  private volatile DropFolderService dropFolder;
  private volatile boolean closed;

  @Activate
  void activate(BundleContext context, DeployConfig config) throws IOException {
    this.context = context;
    Set<String> builtin = builtinNames(context);
    DeployFiles files = new DeployFiles(home.deploy());
    TrustStore trust = TrustStore.open(home.data().resolve("trust"));
    trustRegistration = context.registerService(TrustStore.class, trust, null);
    gate = new HealthGate(context, components);
    BundleSwitch bundles = new BundleSwitch(context, files.jars());
    Transactions transactions =
        new Transactions(
            files,
            bundles,
            gate,
            Set.of(config.healthRequired()),
            Duration.ofMillis(config.healthTimeoutMillis()),
            logger::info,
            logger::warn);
    BootRestore restore =
        new BootRestore(context, files, bundles, transactions, logger::info, logger::warn);
    boot =
        new Thread(
            () -> start(context, config, files, trust, builtin, bundles, transactions, restore),
            "sovereign-deploy-boot");
    boot.setDaemon(true);
    boot.start();
  }

  private void start(
      BundleContext context,
      DeployConfig config,
      DeployFiles files,
      TrustStore trust,
      Set<String> builtin,
      BundleSwitch bundles,
      Transactions transactions,
      BootRestore restore) {
    try {
      DeployState state = restore.run();
      DeployService deployer =
          new DeployService(
              context,
              files,
              new JarVerifier(trust, builtin),
              bundles,
              transactions,
              builtin,
              state,
              logger::warn);
      synchronized (this) {
        if (closed) {
          return;
        }
        service = deployer;
        registration = context.registerService(Deployer.class.getName(), deployer, null);
        if (config.dropFolder()) {
          dropFolder =
              new DropFolderService(
                  deployer,
                  files,
                  Duration.ofMillis(config.settleMillis()),
                  Duration.ofMillis(config.pollMillis()),
                  logger);
          dropFolder.start();
        }
      }
      logger.info(
          "deploy ready: {} deployed bundle(s), {} trusted publisher(s), drop folder {}",
          state.bundles().size(),
          trust.publishers().size(),
          config.dropFolder() ? files.dropFolder() : "off");
    } catch (IOException | RuntimeException e) {
      logger.error("deploy cannot start: {}", e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Bundles that came with the node: every bundle installed before the deploy bundle starts, except
   * skills and bundles the deploy bundle installed itself. Only a core publisher may sign a jar
   * with one of these names.
   */
  static Set<String> builtinNames(BundleContext context) {
    Set<String> names = new HashSet<>();
    for (Bundle b : context.getBundles()) {
      if (b.getSymbolicName() != null
          && !b.getLocation().startsWith(BundleSwitch.LOCATION)
          && b.getHeaders("").get("Sovereign-Skill") == null) {
        names.add(b.getSymbolicName());
      }
    }
    return names;
  }

  @Deactivate
  void deactivate() throws InterruptedException {
    synchronized (this) {
      closed = true;
    }
    boot.join(30_000);
    if (dropFolder != null) {
      dropFolder.close();
    }
    if (registration != null) {
      try {
        registration.unregister();
      } catch (IllegalStateException gone) {
        // The framework is stopping and unregistered it already.
      }
    }
    gate.close();
    try {
      trustRegistration.unregister();
    } catch (IllegalStateException gone) {
      // Unregistered by the framework already.
    }
  }

  DeployService service() {
    return service;
  }
}
