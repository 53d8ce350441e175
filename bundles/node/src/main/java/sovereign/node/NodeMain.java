package sovereign.node;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.felix.service.command.CommandProcessor;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;
import org.osgi.service.metatype.annotations.Designate;
import sovereign.api.node.LaunchOptions;
import sovereign.api.node.NodeControl;

/**
 * Starts the node: reads the command line the bnd launcher registered, publishes {@link
 * LaunchOptions} and {@link NodeControl}, supervises the boot, and (in the runnable node) takes the
 * JVM's main thread for the console or the daemon wait.
 */
@Component(
    immediate = true,
    configurationPid = "sovereign.node",
    service = {})
@Designate(ocd = NodeConfig.class)
public class NodeMain {

  /** Framework property that makes this the process's main thread; set only in node.bndrun. */
  static final String MAIN_PROPERTY = "sovereign.node.main";

  /** Exit code for a command line that cannot be used (sysexits EX_USAGE). */
  static final int EXIT_USAGE = 64;

  /**
   * The bnd launcher's service, carrying the command line (aQute.launcher.Launcher). Dynamic, so
   * that the launcher's later property change (launcher.ready) does not restart the node.
   */
  @Reference(
      service = Object.class,
      target = "(launcher.arguments=*)",
      cardinality = ReferenceCardinality.OPTIONAL,
      policy = ReferencePolicy.DYNAMIC)
  volatile Map<String, Object> launcher;

  @Reference CommandProcessor commandProcessor;

  @Reference(service = LoggerFactory.class)
  Logger logger;

  private BootSupervisor supervisor;
  private NodeProcess process;
  private SignalHandlers signals;
  private final List<ServiceRegistration<?>> registrations = new ArrayList<>();

  @Activate
  void activate(BundleContext context, NodeConfig config) {
    boolean main = Boolean.parseBoolean(context.getProperty(MAIN_PROPERTY));
    CommandLine commandLine;
    try {
      commandLine = CommandLine.parse(arguments());
    } catch (IllegalArgumentException e) {
      logger.error("cannot start: {}", e.getMessage());
      if (main) {
        register(context, Callable.class, usageError(e.getMessage()), mainThread());
      }
      return;
    }
    if (commandLine.isSet("help")) {
      if (main) {
        register(context, Callable.class, printHelp(), mainThread());
      }
      return;
    }
    LaunchOptionsImpl options =
        new LaunchOptionsImpl(commandLine, System.getenv(), System.console() != null);
    long deadline = deadlineMillis(options, config);

    logger.info(
        "node starting: home {}, {}, boot deadline {} ms",
        options.home(),
        options.headless() ? "headless" : "interactive console",
        deadline);
    supervisor = new BootSupervisor(context, NodeMain::millisSinceJvmStart);
    process =
        new NodeProcess(
            options.headless(),
            logger,
            supervisor::status,
            supervisor::readyAfter,
            supervisor::pause,
            supervisor::resume);
    if (main && !options.headless()) {
      process.attachConsole(new InteractiveConsole(commandProcessor));
    }
    // The deadline runs from here: registering LaunchOptions starts the identity boot, which DS
    // may run on this very thread.
    supervisor.start(deadline, process::ready, process::halt);
    register(context, NodeControl.class, process, null);
    if (main) {
      signals = SignalHandlers.install(process, options.headless());
      register(context, Callable.class, process, mainThread());
    }
    register(context, LaunchOptions.class, options, null);
  }

  /**
   * A configuration change after boot changes nothing now (the deadline is a boot setting); taking
   * it here keeps DS from restarting the node's main component for it.
   */
  @Modified
  void modified(NodeConfig config) {
    logger.info("boot deadline {} s will apply at the next start", config.bootDeadlineSeconds());
  }

  @Deactivate
  void deactivate() {
    if (process != null) {
      process.detach();
    }
    registrations.forEach(ServiceRegistration::unregister);
    registrations.clear();
    if (supervisor != null) {
      supervisor.close();
    }
    if (signals != null) {
      signals.restore();
    }
  }

  private List<String> arguments() {
    Object args = launcher == null ? null : launcher.get("launcher.arguments");
    return args instanceof String[] a ? List.of(a) : List.of();
  }

  private long deadlineMillis(LaunchOptionsImpl options, NodeConfig config) {
    String text = options.option("boot-deadline").orElse(null);
    if (text == null) {
      return config.bootDeadlineSeconds() * 1000;
    }
    try {
      double seconds = Double.parseDouble(text);
      if (seconds > 0) {
        return (long) (seconds * 1000);
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    logger.warn(
        "ignoring --boot-deadline '{}': it takes a number of seconds above 0; using {} s",
        text,
        config.bootDeadlineSeconds());
    return config.bootDeadlineSeconds() * 1000;
  }

  static long millisSinceJvmStart() {
    return System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
  }

  private void register(
      BundleContext context, Class<?> type, Object service, Hashtable<String, Object> properties) {
    registrations.add(context.registerService(type.getName(), service, properties));
  }

  private static Hashtable<String, Object> mainThread() {
    Hashtable<String, Object> properties = new Hashtable<>();
    properties.put("main.thread", "true");
    return properties;
  }

  private static Callable<Integer> usageError(String message) {
    return new PrintAndExit(
        System.err, "sovereign: " + message + "\n" + CommandLine.usage(), EXIT_USAGE);
  }

  private static Callable<Integer> printHelp() {
    return new PrintAndExit(System.out, CommandLine.usage(), NodeControl.EXIT_OK);
  }

  /**
   * A main thread that only prints and exits. A class, not a lambda: the launcher checks the
   * service's declared type is {@code Callable<Integer>}.
   */
  private record PrintAndExit(java.io.PrintStream out, String text, int exitCode)
      implements Callable<Integer> {
    @Override
    public Integer call() {
      out.println(text);
      return exitCode;
    }
  }
}
