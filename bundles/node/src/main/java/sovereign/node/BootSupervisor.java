package sovereign.node;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.util.tracker.ServiceTracker;
import sovereign.api.node.CoreServiceStatus;

/**
 * Waits for every core service to come up before a deadline. A bundle declares its core services in
 * the manifest header {@value #HEADER}; the supervisor reads the header of every installed bundle,
 * so adding a core bundle to the node adds it to the boot check (docs/architecture.md, "Boot").
 */
final class BootSupervisor implements AutoCloseable {

  static final String HEADER = "Sovereign-CoreService";

  private record Declared(
      String service, Bundle bundle, ServiceTracker<Object, Object> tracker, Set<String> live) {
    boolean up() {
      return live.contains(service);
    }
  }

  /** Core services registered right now (a tracker's own count lags inside its callbacks). */
  private final Set<String> live = ConcurrentHashMap.newKeySet();

  private final List<Declared> declared = new ArrayList<>();
  private final Map<String, Long> upAfter = new ConcurrentHashMap<>();
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "sovereign-boot-deadline");
            t.setDaemon(true);
            return t;
          });
  private final LongSupplier millisSinceStart;
  private Consumer<Long> onReady;
  private Consumer<String> onDeadline;
  private volatile Long readyAfter;
  private long deadlineNanos;
  private long startedNanos;
  // Time spent waiting for the operator does not count against the deadline.
  private long pausedNanos;
  private int pauses;
  private long pauseStartedNanos;

  /**
   * Reads the core services every installed bundle declares.
   *
   * @param millisSinceStart the clock boot times are measured on
   */
  BootSupervisor(BundleContext context, LongSupplier millisSinceStart) {
    this.millisSinceStart = millisSinceStart;
    for (Bundle bundle : context.getBundles()) {
      String header = bundle.getHeaders("").get(HEADER);
      if (header == null) {
        continue;
      }
      for (String service : header.split(",")) {
        if (!service.isBlank()) {
          declared.add(
              new Declared(service.strip(), bundle, tracker(context, service.strip()), live));
        }
      }
    }
  }

  /**
   * Starts watching.
   *
   * @param onReady called once, with the boot time, when every core service is up
   * @param onDeadline called with the reason if the deadline passes first
   */
  void start(long deadlineMillis, Consumer<Long> onReady, Consumer<String> onDeadline) {
    synchronized (this) {
      this.onReady = onReady;
      this.onDeadline = onDeadline;
      this.deadlineNanos = TimeUnit.MILLISECONDS.toNanos(deadlineMillis);
      this.startedNanos = System.nanoTime();
    }
    declared.forEach(d -> d.tracker().open());
    checkReady();
    if (readyAfter == null) {
      timer.schedule(this::deadlinePassed, deadlineMillis, TimeUnit.MILLISECONDS);
    }
  }

  /** Stops the deadline's clock until {@link #resume()}; pauses nest. */
  synchronized void pause() {
    if (pauses++ == 0) {
      pauseStartedNanos = System.nanoTime();
    }
  }

  synchronized void resume() {
    if (pauses > 0 && --pauses == 0) {
      pausedNanos += System.nanoTime() - pauseStartedNanos;
    }
  }

  private ServiceTracker<Object, Object> tracker(BundleContext context, String serviceName) {
    return new ServiceTracker<>(context, serviceName, null) {
      @Override
      public Object addingService(ServiceReference<Object> reference) {
        live.add(serviceName);
        serviceUp(serviceName);
        return reference;
      }

      @Override
      public void removedService(ServiceReference<Object> reference, Object tracked) {
        if (isEmpty()) {
          live.remove(serviceName);
        }
      }
    };
  }

  private void serviceUp(String service) {
    upAfter.putIfAbsent(service, millisSinceStart.getAsLong());
    checkReady();
  }

  private synchronized void checkReady() {
    if (onReady == null || readyAfter != null || declared.stream().anyMatch(d -> !d.up())) {
      return;
    }
    readyAfter = millisSinceStart.getAsLong();
    timer.shutdownNow();
    onReady.accept(readyAfter);
  }

  private synchronized void deadlinePassed() {
    if (readyAfter != null) {
      return;
    }
    long counted = System.nanoTime() - startedNanos - pausedNanos;
    if (pauses > 0 || counted < deadlineNanos) {
      long wait = pauses > 0 ? TimeUnit.MILLISECONDS.toNanos(100) : deadlineNanos - counted;
      timer.schedule(this::deadlinePassed, wait, TimeUnit.NANOSECONDS);
      return;
    }
    List<String> missing = new ArrayList<>();
    for (Declared d : declared) {
      if (!d.up()) {
        missing.add(d.service() + " (bundle " + describe(d.bundle()) + ")");
      }
    }
    onDeadline.accept(
        "core services not up within the boot deadline: " + String.join("; ", missing));
  }

  private static String describe(Bundle bundle) {
    String state =
        switch (bundle.getState()) {
          case Bundle.INSTALLED -> "INSTALLED, not resolved: a dependency is missing";
          case Bundle.RESOLVED -> "RESOLVED, not started";
          case Bundle.STARTING -> "STARTING";
          case Bundle.ACTIVE -> "ACTIVE";
          case Bundle.STOPPING -> "STOPPING";
          default -> "UNINSTALLED";
        };
    return bundle.getHeaders("").get(Constants.BUNDLE_SYMBOLICNAME) + " " + state;
  }

  /** The status of every declared core service, in declaration order. */
  List<CoreServiceStatus> status() {
    List<CoreServiceStatus> out = new ArrayList<>();
    for (Declared d : declared) {
      out.add(
          new CoreServiceStatus(
              d.service(),
              d.bundle().getSymbolicName(),
              d.up(),
              Optional.ofNullable(upAfter.get(d.service()))));
    }
    return out;
  }

  Optional<Long> readyAfter() {
    return Optional.ofNullable(readyAfter);
  }

  @Override
  public void close() {
    timer.shutdownNow();
    declared.forEach(d -> d.tracker().close());
  }
}
