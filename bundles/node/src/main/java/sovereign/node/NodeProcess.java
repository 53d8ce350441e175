package sovereign.node;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.osgi.service.log.Logger;
import sovereign.api.node.CoreServiceStatus;
import sovereign.api.node.NodeControl;
import sovereign.api.node.NodeState;
import sovereign.api.node.NodeStatus;

/**
 * The node's life cycle and the process's main thread. The bnd launcher runs {@link #call()} on the
 * JVM's main thread and exits with what it returns, after stopping the framework: that is how
 * {@code node:shutdown}, SIGTERM and a headless halt all end in a clean stop with a chosen exit
 * code.
 */
final class NodeProcess implements NodeControl, Callable<Integer> {

  /** The interactive console, run on the main thread until it ends or is closed. */
  interface Console {
    void run() throws Exception;

    void close();

    void announce(String message);
  }

  private final boolean headless;
  private final Logger logger;
  private final Supplier<List<CoreServiceStatus>> coreServices;
  private final Supplier<Optional<Long>> readyAfter;
  private final Runnable pauseDeadline;
  private final Runnable resumeDeadline;
  private final CountDownLatch stopped = new CountDownLatch(1);
  private final CountDownLatch returned = new CountDownLatch(1);
  private volatile NodeState state = NodeState.BOOTING;
  private volatile String reason;
  private volatile int exitCode = EXIT_OK;
  private volatile Console console;
  private volatile boolean detached;
  private volatile boolean called;

  /**
   * What the main thread returns to hand itself to the next instance of the node bundle's component
   * (bnd launcher's RELISTEN_FOR_MAIN_CALLABLE).
   */
  static final int RELISTEN = 198;

  NodeProcess(
      boolean headless,
      Logger logger,
      Supplier<List<CoreServiceStatus>> coreServices,
      Supplier<Optional<Long>> readyAfter,
      Runnable pauseDeadline,
      Runnable resumeDeadline) {
    this.headless = headless;
    this.logger = logger;
    this.coreServices = coreServices;
    this.readyAfter = readyAfter;
    this.pauseDeadline = pauseDeadline;
    this.resumeDeadline = resumeDeadline;
  }

  void attachConsole(Console console) {
    this.console = console;
  }

  /** Every core service is up. */
  synchronized void ready(long millis) {
    if (state == NodeState.BOOTING) {
      state = NodeState.RUNNING;
      logger.info("node ready: all core services up {} ms after JVM start", millis);
    }
  }

  @Override
  public synchronized void shutdown(String why) {
    if (state == NodeState.STOPPING) {
      return;
    }
    state = NodeState.STOPPING;
    reason = why;
    logger.info("node stopping: {}", why);
    release();
  }

  @Override
  public synchronized void halt(String why) {
    if (state == NodeState.STOPPING || state == NodeState.HALTED) {
      return;
    }
    state = NodeState.HALTED;
    reason = why;
    logger.error("node HALTED: {}", why);
    if (headless) {
      exitCode = EXIT_HALTED;
      release();
    } else if (console != null) {
      console.announce("HALTED: " + why);
    }
  }

  /**
   * This instance goes away while the node runs on (its component is reactivated, e.g. when the
   * node bundle is updated): the main thread is handed back to the launcher, which waits for the
   * next instance's, instead of staying parked on this one where no signal could reach it.
   */
  synchronized void detach() {
    if (stopped.getCount() == 0) {
      return; // the main thread has its exit code already
    }
    detached = true;
    exitCode = RELISTEN;
    release();
    if (!called) {
      return;
    }
    try {
      // Let the launcher take the main thread back before the next instance offers its own.
      returned.await(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void release() {
    stopped.countDown();
    Console c = console;
    if (c != null) {
      c.close();
    }
  }

  @Override
  public NodeStatus status() {
    return new NodeStatus(state, Optional.ofNullable(reason), readyAfter.get(), coreServices.get());
  }

  @Override
  public OperatorWait awaitOperator(String what) {
    logger.info("boot waits for the operator: {}", what);
    pauseDeadline.run();
    AtomicBoolean closed = new AtomicBoolean();
    return () -> {
      if (closed.compareAndSet(false, true)) {
        resumeDeadline.run();
      }
    };
  }

  /**
   * The main thread: waits for a stop. The console runs on a thread of its own, because a stop from
   * elsewhere (node:shutdown over SSH, SIGTERM) cannot interrupt a terminal read; leaving the
   * console (Ctrl-D, exit) stops the node, as closing Karaf's console does.
   */
  @Override
  public Integer call() throws Exception {
    called = true;
    Console c = console;
    if (!headless && c != null && stopped.getCount() > 0) {
      Thread thread = new Thread(() -> runConsole(c), "sovereign-console");
      thread.setDaemon(true);
      thread.start();
    }
    try {
      stopped.await();
      return exitCode;
    } finally {
      returned.countDown();
    }
  }

  private void runConsole(Console c) {
    try {
      c.run();
    } catch (Exception e) {
      logger.error("the console failed: {}", e.toString(), e);
    } finally {
      synchronized (this) {
        if (!detached && state != NodeState.STOPPING) {
          int code = state == NodeState.HALTED ? EXIT_HALTED : EXIT_OK;
          shutdown("console closed");
          exitCode = code;
        }
      }
    }
  }
}
