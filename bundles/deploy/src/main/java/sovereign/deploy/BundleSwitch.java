package sovereign.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.wiring.FrameworkWiring;

/**
 * Moves bundles from one version to another in the framework: update, install or uninstall each,
 * then one refresh of exactly the bundles touched (implementation bundles export nothing, so
 * nothing else is refreshed with them), then start. The first failure stops the switch and is
 * reported; what was applied until then is returned so the caller can switch it back.
 */
final class BundleSwitch {

  /** Location prefix of bundles the deploy bundle installed (builtin ones keep the launcher's). */
  static final String LOCATION = "sovereign-deploy:";

  private static final Duration REFRESH_TIMEOUT = Duration.ofSeconds(30);

  private final BundleContext context;
  private final JarStore store;

  BundleSwitch(BundleContext context, JarStore store) {
    this.context = context;
    this.store = store;
  }

  /** The result: the steps applied (in order) and the failure that stopped the rest, if any. */
  record Result(List<Journal.Step> applied, List<Bundle> touched, Optional<String> failure) {}

  Result apply(List<Journal.Step> steps) throws InterruptedException {
    List<Journal.Step> applied = new ArrayList<>();
    List<Bundle> touched = new ArrayList<>();
    String failure = null;
    for (Journal.Step step : steps) {
      Optional<Bundle> bundle = find(step.symbolicName());
      try {
        if (step.to() == null) {
          if (bundle.isPresent()) {
            touched.add(bundle.get());
            applied.add(step);
            bundle.get().uninstall();
          }
        } else if (bundle.isPresent()) {
          touched.add(bundle.get());
          applied.add(step);
          try (InputStream in = open(step.to(), bundle.get())) {
            bundle.get().update(in);
          }
        } else {
          applied.add(step);
          try (InputStream in = open(step.to(), null)) {
            touched.add(context.installBundle(LOCATION + step.symbolicName(), in));
          }
        }
      } catch (BundleException e) {
        // An update restarts an active bundle: if the new version is in place, it did not start.
        boolean updated =
            step.to() != null
                && bundle.isPresent()
                && bundle.get().getVersion().toString().equals(step.to().version());
        failure =
            step.symbolicName()
                + (updated
                    ? " " + step.to().version() + " did not start: "
                    : " could not be switched: ")
                + message(e);
        break;
      } catch (IOException | RuntimeException e) {
        failure = step.symbolicName() + " could not be switched: " + message(e);
        break;
      }
    }
    refresh(touched);
    if (failure == null) {
      for (Journal.Step step : steps) {
        if (step.to() == null) {
          continue;
        }
        Optional<Bundle> bundle = find(step.symbolicName());
        try {
          if (bundle.isEmpty()) {
            throw new BundleException("is not installed after the switch");
          }
          if (!Bundles.isFragment(bundle.get())) {
            bundle.get().start();
          }
        } catch (BundleException | RuntimeException e) {
          failure =
              step.symbolicName() + " " + step.to().version() + " did not start: " + message(e);
          break;
        }
      }
    }
    return new Result(applied, touched, Optional.ofNullable(failure));
  }

  /** The installed bundle with this symbolic name (the newest, if several). */
  Optional<Bundle> find(String symbolicName) {
    Bundle found = null;
    for (Bundle b : context.getBundles()) {
      if (symbolicName.equals(b.getSymbolicName())
          && (found == null || b.getVersion().compareTo(found.getVersion()) > 0)) {
        found = b;
      }
    }
    return Optional.ofNullable(found);
  }

  private InputStream open(DeployState.Version version, Bundle current) throws IOException {
    if (!version.builtin()) {
      return store.open(version.file(), version.sha256());
    }
    if (current == null || current.getLocation().startsWith(LOCATION)) {
      throw new IOException("the builtin version " + version.version() + " is not at hand");
    }
    return BuiltinJars.open(current);
  }

  private void refresh(List<Bundle> bundles) throws InterruptedException {
    if (bundles.isEmpty()) {
      return;
    }
    CountDownLatch done = new CountDownLatch(1);
    context
        .getBundle(0)
        .adapt(FrameworkWiring.class)
        .refreshBundles(bundles, event -> done.countDown());
    if (!done.await(REFRESH_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new IllegalStateException(
          "the framework did not finish refreshing " + bundles + " in " + REFRESH_TIMEOUT);
    }
  }

  static String message(Throwable e) {
    StringBuilder text = new StringBuilder(String.valueOf(e.getMessage()));
    for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
      text.append(" <- ").append(cause.getClass().getSimpleName()).append(": ");
      text.append(cause.getMessage());
    }
    return text.toString();
  }
}
