package sovereign.deploy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import sovereign.api.deploy.HealthCheck;
import sovereign.api.deploy.HealthResult;

/**
 * Decides whether bundles came up healthy after a change (docs/deploy.md, "Health gate"): each is
 * ACTIVE; each of its enabled DS components is satisfied or active; and each {@link HealthCheck} it
 * registered answers healthy. The checks a bundle must register are the ones its previous version
 * registered (a new version may add checks, never lose one); a core bundle must register at least
 * one. Everything is retried until the deadline, since components come up asynchronously; the
 * reason of the last failure is what the caller reports.
 */
final class HealthGate implements AutoCloseable {

  private static final long POLL_MILLIS = 10;

  private final BundleContext context;
  private final ServiceComponentRuntime components;
  private final ExecutorService checks =
      Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "sovereign-deploy-health");
            t.setDaemon(true);
            return t;
          });

  HealthGate(BundleContext context, ServiceComponentRuntime components) {
    this.context = context;
    this.components = components;
  }

  /**
   * What a bundle must show to pass.
   *
   * @param checks names of the health checks it must register
   * @param core whether at least one check is required
   */
  record Expectation(Bundle bundle, Set<String> checks, boolean core) {}

  /** The names of the health checks a bundle registers now. */
  Set<String> checkNames(Bundle bundle) {
    Set<String> names = new TreeSet<>();
    for (ServiceReference<HealthCheck> ref : references()) {
      if (bundle.equals(ref.getBundle())) {
        names.add(String.valueOf(ref.getProperty(HealthCheck.NAME)));
      }
    }
    return names;
  }

  /**
   * Waits until every bundle passes, or the timeout.
   *
   * @return empty when healthy, else why not (the last failure seen)
   */
  Optional<String> await(Collection<Expectation> expected, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    String reason = "no check ran";
    while (true) {
      Optional<String> failure = once(expected, deadline);
      if (failure.isEmpty()) {
        return failure;
      }
      reason = failure.get();
      if (System.nanoTime() >= deadline) {
        return Optional.of(reason + " (after " + timeout.toMillis() + " ms)");
      }
      Thread.sleep(POLL_MILLIS);
    }
  }

  private Optional<String> once(Collection<Expectation> expected, long deadline)
      throws InterruptedException {
    for (Expectation e : expected) {
      Bundle bundle = e.bundle();
      String who = bundle.getSymbolicName() + " " + bundle.getVersion();
      if (bundle.getState() != Bundle.ACTIVE) {
        return Optional.of(who + " is " + States.name(bundle.getState()) + ", not ACTIVE");
      }
      Optional<String> unsatisfied = unsatisfiedComponent(bundle);
      if (unsatisfied.isPresent()) {
        return Optional.of(who + ": " + unsatisfied.get());
      }
      Map<String, ServiceReference<HealthCheck>> registered = new java.util.TreeMap<>();
      for (ServiceReference<HealthCheck> ref : references()) {
        if (bundle.equals(ref.getBundle())) {
          registered.put(String.valueOf(ref.getProperty(HealthCheck.NAME)), ref);
        }
      }
      Set<String> missing = new HashSet<>(e.checks());
      missing.removeAll(registered.keySet());
      if (!missing.isEmpty()) {
        return Optional.of(who + " has not registered health check(s) " + new TreeSet<>(missing));
      }
      if (e.core() && registered.isEmpty()) {
        return Optional.of(who + " is a core bundle and registers no health check");
      }
      for (Map.Entry<String, ServiceReference<HealthCheck>> check : registered.entrySet()) {
        Optional<String> failed = run(check.getValue(), deadline);
        if (failed.isPresent()) {
          return Optional.of(who + " health check '" + check.getKey() + "': " + failed.get());
        }
      }
    }
    return Optional.empty();
  }

  private Optional<String> unsatisfiedComponent(Bundle bundle) {
    if (components == null) {
      return Optional.empty();
    }
    List<String> problems = new ArrayList<>();
    for (ComponentDescriptionDTO description : components.getComponentDescriptionDTOs(bundle)) {
      if (!components.isComponentEnabled(description)) {
        continue;
      }
      Collection<ComponentConfigurationDTO> configurations =
          components.getComponentConfigurationDTOs(description);
      if (configurations.isEmpty() && !"require".equals(description.configurationPolicy)) {
        problems.add("component " + description.name + " has no configuration yet");
      }
      for (ComponentConfigurationDTO c : configurations) {
        if (c.state == ComponentConfigurationDTO.UNSATISFIED_REFERENCE) {
          List<String> refs = new ArrayList<>();
          for (var r : c.unsatisfiedReferences) {
            refs.add(r.name);
          }
          problems.add("component " + description.name + " lacks reference(s) " + refs);
        } else if (c.state == ComponentConfigurationDTO.FAILED_ACTIVATION) {
          problems.add("component " + description.name + " failed to activate: " + c.failure);
        } else if (c.state == ComponentConfigurationDTO.UNSATISFIED_CONFIGURATION) {
          problems.add("component " + description.name + " lacks its configuration");
        }
      }
    }
    return problems.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", problems));
  }

  private Optional<String> run(ServiceReference<HealthCheck> ref, long deadline)
      throws InterruptedException {
    HealthCheck check = context.getService(ref);
    if (check == null) {
      return Optional.of("the service went away");
    }
    try {
      Future<HealthResult> result = checks.submit(check::check);
      long left = Math.max(1, deadline - System.nanoTime());
      HealthResult answer = result.get(left, TimeUnit.NANOSECONDS);
      if (answer == null) {
        return Optional.of("answered nothing");
      }
      return answer.healthy() ? Optional.empty() : Optional.of(answer.detail());
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      return Optional.of(cause.getClass().getSimpleName() + ": " + cause.getMessage());
    } catch (TimeoutException e) {
      return Optional.of("no answer before the deadline");
    } finally {
      try {
        context.ungetService(ref);
      } catch (IllegalStateException | IllegalArgumentException gone) {
        // The bundle stopped meanwhile; the next round reports it.
      }
    }
  }

  private Collection<ServiceReference<HealthCheck>> references() {
    try {
      return context.getServiceReferences(HealthCheck.class, null);
    } catch (InvalidSyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    checks.shutdownNow();
  }
}
