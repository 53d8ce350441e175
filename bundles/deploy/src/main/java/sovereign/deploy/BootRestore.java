package sovereign.deploy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import sovereign.deploy.DeployState.Deployed;
import sovereign.deploy.Journal.Step;

/**
 * At boot, makes the framework run what {@code deploy/state.json} says (DESIGN.md, "Boot"): the
 * node jar brings the builtin versions, and every deployed bundle and core update is applied again
 * from the history store. A transaction a crash interrupted is recorded and its journal cleared:
 * since the state file is written only after the health gate, the node comes up entirely on the
 * versions before the transaction, or entirely on those after it.
 */
final class BootRestore {

  private final BundleContext context;
  private final DeployFiles files;
  private final BundleSwitch bundles;
  private final Transactions transactions;
  private final Consumer<String> info;
  private final Consumer<String> warn;

  BootRestore(
      BundleContext context,
      DeployFiles files,
      BundleSwitch bundles,
      Transactions transactions,
      Consumer<String> info,
      Consumer<String> warn) {
    this.context = context;
    this.files = files;
    this.bundles = bundles;
    this.transactions = transactions;
    this.info = info;
    this.warn = warn;
  }

  /** Restores the state and returns it. */
  DeployState run() throws IOException, InterruptedException {
    DeployState state = DeployState.read(files.state());
    Optional<Journal.Record> interrupted = files.journal().pending();
    List<Step> steps = new ArrayList<>();
    for (Bundle b : context.getBundles()) {
      String name = b.getSymbolicName();
      if (b.getLocation().startsWith(BundleSwitch.LOCATION)
          && (name == null || state.get(name).isEmpty())) {
        try {
          b.uninstall();
        } catch (BundleException e) {
          warn.accept("cannot remove " + name + ", which the deployment state does not list: " + e);
        }
      }
    }
    for (var entry : state.bundles().entrySet()) {
      Deployed d = entry.getValue();
      Optional<Bundle> installed = bundles.find(entry.getKey());
      boolean matches =
          installed.isPresent()
              && installed.get().getVersion().toString().equals(d.current().version());
      if (!matches) {
        DeployState.Version from =
            installed
                .map(b -> new DeployState.Version(b.getVersion().toString(), null, null, null))
                .orElse(null);
        steps.add(new Step(entry.getKey(), from, d.current()));
      }
    }
    if (!steps.isEmpty()) {
      BundleSwitch.Result result = bundles.apply(steps);
      if (result.failure().isPresent()) {
        warn.accept("restoring the deployed bundles failed: " + result.failure().get());
      } else {
        info.accept("restored " + steps.size() + " deployed bundle(s) from " + files.state());
      }
    }
    if (interrupted.isPresent()) {
      transactions.recordInterrupted(interrupted.get(), state);
      files.journal().end();
    }
    return state;
  }
}
