package sovereign.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.jar.JarFile;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import sovereign.api.deploy.DeployedBundle;
import sovereign.api.deploy.Deployer;
import sovereign.api.deploy.Deployment;
import sovereign.api.deploy.Deployment.Action;
import sovereign.api.deploy.DeploymentRefusedException;
import sovereign.api.deploy.HistoryRecord;
import sovereign.api.deploy.Staged;
import sovereign.api.deploy.VerifyResult;
import sovereign.deploy.DeployState.Deployed;
import sovereign.deploy.DeployState.Version;
import sovereign.deploy.Journal.Step;
import sovereign.deploy.Transactions.Planned;
import sovereign.deploy.Verdict.Accepted;
import sovereign.deploy.Verdict.Reason;
import sovereign.deploy.Verdict.Rejected;

/**
 * The {@link Deployer}: verifies and stages jars, plans each change against what runs now, and has
 * {@link Transactions} apply it. One transaction at a time (a fair lock): the drop folder, the
 * shell and governance queue behind each other.
 */
final class DeployService implements Deployer {

  private final BundleContext context;
  private final DeployFiles files;
  private final JarVerifier verifier;
  private final BundleSwitch bundles;
  private final Transactions transactions;
  private final Set<String> builtin;
  private final Consumer<String> warn;
  private final ReentrantLock lock = new ReentrantLock(true);
  private volatile DeployState state;

  DeployService(
      BundleContext context,
      DeployFiles files,
      JarVerifier verifier,
      BundleSwitch bundles,
      Transactions transactions,
      Set<String> builtin,
      DeployState state,
      Consumer<String> warn) {
    this.context = context;
    this.files = files;
    this.verifier = verifier;
    this.bundles = bundles;
    this.transactions = transactions;
    this.builtin = Set.copyOf(builtin);
    this.state = state;
    this.warn = warn;
  }

  DeployState state() {
    return state;
  }

  @Override
  public VerifyResult verify(Path jar) {
    requireFile(jar);
    Verdict verdict = verifier.verify(jar, Scope.SKILLS);
    Optional<String> name = Optional.empty();
    Optional<String> version = Optional.empty();
    try (JarFile file = new JarFile(jar.toFile(), false)) {
      var main = file.getManifest() == null ? null : file.getManifest().getMainAttributes();
      if (main != null) {
        name =
            Optional.ofNullable(main.getValue("Bundle-SymbolicName"))
                .map(v -> v.split(";", 2)[0].strip());
        version = Optional.ofNullable(main.getValue("Bundle-Version"));
      }
    } catch (IOException | SecurityException e) {
      // The verdict already says the jar cannot be read.
    }
    if (verdict instanceof Accepted a) {
      Optional<Rejected> clash = clash(a, jar);
      if (clash.isPresent()) {
        return new VerifyResult(
            false, clash.get().text(), name, version, Optional.empty(), Optional.empty());
      }
      return new VerifyResult(
          true, a.text(), name, version, Optional.of(a.alias()), Optional.of(a.scope().label()));
    }
    return new VerifyResult(
        false, verdict.text(), name, version, Optional.empty(), Optional.empty());
  }

  @Override
  public Staged stage(Path jar) {
    return stage(jar, Scope.SKILLS);
  }

  /**
   * Copies the jar into the history store and verifies the copy (so the file cannot change between
   * the check and the install).
   */
  Staged stage(Path jar, Scope needed) {
    requireFile(jar);
    JarStore store = files.jars();
    Path copy = null;
    try {
      copy = store.incoming(jar);
      Verdict verdict = verifier.verify(copy, needed);
      if (verdict instanceof Rejected r) {
        throw new Refused(r);
      }
      Accepted a = (Accepted) verdict;
      Optional<Rejected> clash = clash(a, copy);
      if (clash.isPresent()) {
        throw new Refused(clash.get());
      }
      String sha = Sha256.of(copy);
      store.commit(copy, a.symbolicName(), a.version(), sha);
      return new Staged(a.symbolicName(), a.version(), sha, a.alias());
    } catch (IOException e) {
      throw new IllegalStateException("cannot stage " + jar + ": " + e.getMessage(), e);
    } finally {
      store.discard(copy);
    }
  }

  /** Same name and version as what runs, but other content: refused (docs/deploy.md). */
  private Optional<Rejected> clash(Accepted a, Path jar) {
    Optional<Bundle> installed = bundles.find(a.symbolicName());
    if (installed.isEmpty() || !installed.get().getVersion().toString().equals(a.version())) {
      return Optional.empty();
    }
    try {
      String sha = Sha256.of(jar);
      Optional<Deployed> deployed = state.get(a.symbolicName());
      String running;
      if (deployed.isPresent() && !deployed.get().current().builtin()) {
        running = deployed.get().current().sha256();
      } else {
        try (InputStream in = BuiltinJars.open(installed.get())) {
          running = Sha256.of(in.readAllBytes());
        }
      }
      if (!running.equals(sha)) {
        return Optional.of(
            new Rejected(
                Reason.DIFFERENT_CONTENT,
                a.symbolicName()
                    + " "
                    + a.version()
                    + " is installed with other content (SHA-256 "
                    + running.substring(0, 12)
                    + "...); a changed bundle needs a new version"));
      }
    } catch (IOException e) {
      warn.accept("cannot compare " + jar + " with the running " + a.symbolicName() + ": " + e);
    }
    return Optional.empty();
  }

  @Override
  public Deployment activate(List<Staged> staged) {
    return activate(staged, staged.size() == 1 ? null : Action.SET, "shell");
  }

  Deployment activate(List<Staged> staged, Action action, String origin) {
    Set<String> names = new HashSet<>();
    List<Planned> plan = new ArrayList<>();
    for (Staged s : staged) {
      if (!names.add(s.symbolicName())) {
        throw new IllegalArgumentException(
            "two artifacts are named "
                + s.symbolicName()
                + "; a transaction changes a bundle once");
      }
      String file = JarStore.name(s.symbolicName(), s.version(), s.sha256());
      if (!Files.exists(files.jars().path(file))) {
        throw new IllegalArgumentException(
            s.symbolicName() + " " + s.version() + " is not staged; deploy:verify, then stage it");
      }
      Version to = new Version(s.version(), s.sha256(), file, s.signer());
      Version from = running(s.symbolicName()).orElse(null);
      if (Transactions.same(from, to)) {
        continue;
      }
      plan.add(new Planned(new Step(s.symbolicName(), from, to), origin));
    }
    Action effective =
        action != null
            ? action
            : plan.isEmpty() || plan.get(0).step().from() == null ? Action.INSTALL : Action.UPDATE;
    return transact(effective, plan);
  }

  @Override
  public Deployment install(Path jar) {
    Staged staged = stage(jar);
    Optional<Bundle> installed = bundles.find(staged.symbolicName());
    if (installed.isPresent()) {
      throw new DeploymentRefusedException(
          staged.symbolicName()
              + " is installed already (version "
              + installed.get().getVersion()
              + "); use deploy:update "
              + staged.symbolicName()
              + " "
              + jar);
    }
    return activate(List.of(staged), Action.INSTALL, "shell");
  }

  @Override
  public Deployment update(String symbolicName, Path jar) {
    if (bundles.find(symbolicName).isEmpty()) {
      throw new DeploymentRefusedException(
          "'" + symbolicName + "' is not installed; use deploy:install " + jar);
    }
    if (symbolicName.equals(context.getBundle().getSymbolicName())) {
      throw new DeploymentRefusedException(
          "the deploy bundle cannot replace itself while it runs the transaction");
    }
    Staged staged = stage(jar, builtin.contains(symbolicName) ? Scope.CORE : Scope.SKILLS);
    if (!staged.symbolicName().equals(symbolicName)) {
      throw new DeploymentRefusedException(
          jar + " holds " + staged.symbolicName() + ", not '" + symbolicName + "'");
    }
    return activate(List.of(staged), Action.UPDATE, "shell");
  }

  @Override
  public Deployment applySet(Path deploymentSet) {
    requireFile(deploymentSet);
    Verdict outer = verifier.verifySet(deploymentSet, Scope.SKILLS);
    if (outer instanceof Rejected r) {
      throw new Refused(r);
    }
    Accepted signer = (Accepted) outer;
    try (DeploymentSet set = DeploymentSet.open(deploymentSet)) {
      List<Staged> staged = new ArrayList<>();
      for (Path jar : set.jars()) {
        Staged s = stage(jar, Scope.SKILLS);
        if (builtin.contains(s.symbolicName()) && signer.scope() != Scope.CORE) {
          throw new Refused(
              new Rejected(
                  Reason.OUT_OF_SCOPE,
                  "'"
                      + signer.alias()
                      + "' may sign skills only, but the set "
                      + signer.symbolicName()
                      + " holds the core bundle "
                      + s.symbolicName()));
        }
        staged.add(s);
      }
      return activate(staged, Action.SET, "set:" + deploymentSet.getFileName());
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + deploymentSet + ": " + e.getMessage(), e);
    }
  }

  @Override
  public Deployment rollback(String symbolicName) {
    Deployed deployed =
        state
            .get(symbolicName)
            .filter(d -> d.previous() != null)
            .orElseThrow(
                () ->
                    new DeploymentRefusedException(
                        "no earlier version of '"
                            + symbolicName
                            + "' is kept; deploy:history "
                            + symbolicName
                            + " shows what it ran"));
    Version from = running(symbolicName).orElse(null);
    Step step = new Step(symbolicName, from, deployed.previous());
    String origin = deployed.previous().builtin() ? "builtin" : deployed.origin();
    return transact(Action.ROLLBACK, List.of(new Planned(step, origin)));
  }

  @Override
  public Deployment uninstall(String symbolicName) {
    Deployed deployed =
        state
            .get(symbolicName)
            .filter(d -> !d.current().builtin())
            .orElseThrow(
                () ->
                    new DeploymentRefusedException(
                        "'"
                            + symbolicName
                            + "' was not deployed"
                            + (builtin.contains(symbolicName)
                                ? "; it came with the node and stays"
                                : "; deploy:list shows what was")));
    if (builtin.contains(symbolicName)) {
      throw new DeploymentRefusedException(
          "'" + symbolicName + "' came with the node; deploy:rollback returns it to that version");
    }
    Step step = new Step(symbolicName, deployed.current(), null);
    return transact(Action.UNINSTALL, List.of(new Planned(step, deployed.origin())));
  }

  /**
   * The version running now: the deployed one, or the builtin one; empty if no bundle of that name
   * is installed (even if the state lists it: someone uninstalled it from the shell).
   */
  Optional<Version> running(String symbolicName) {
    Optional<Bundle> installed = bundles.find(symbolicName);
    if (installed.isEmpty()) {
      return Optional.empty();
    }
    String version = installed.get().getVersion().toString();
    return state
        .get(symbolicName)
        .map(Deployed::current)
        .filter(v -> v.version().equals(version))
        .or(() -> Optional.of(new Version(version, null, null, null)));
  }

  Deployment transact(Action action, List<Planned> plan) {
    lock.lock();
    try {
      if (plan.isEmpty()) {
        return new Deployment(
            transactions.newId(),
            action,
            Deployment.Outcome.COMMITTED,
            List.of(),
            Optional.of("nothing to change: that version is running"),
            0);
      }
      Transactions.Committed done = transactions.run(action, plan, state);
      state = done.state();
      return done.deployment();
    } catch (IOException e) {
      throw new IllegalStateException("the deployment files cannot be written: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted during a deployment", e);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public List<DeployedBundle> bundles() {
    List<DeployedBundle> out = new ArrayList<>();
    for (Bundle b : context.getBundles()) {
      if (b.getBundleId() == 0) {
        continue;
      }
      Optional<Deployed> d = Optional.ofNullable(b.getSymbolicName()).flatMap(state::get);
      String origin =
          d.map(Deployed::origin)
              .orElse(b.getLocation().startsWith(BundleSwitch.LOCATION) ? "deployed" : "builtin");
      out.add(
          new DeployedBundle(
              b.getBundleId(),
              String.valueOf(b.getSymbolicName()),
              b.getVersion().toString(),
              States.name(b.getState()),
              builtin.contains(b.getSymbolicName()) || d.isPresent() ? origin : "framework",
              d.map(x -> x.current().signer()),
              d.map(Deployed::previous).map(Version::version)));
    }
    return out;
  }

  @Override
  public List<HistoryRecord> history(Optional<String> symbolicName) {
    try {
      return files.history().read(warn).stream()
          .filter(r -> symbolicName.map(r.symbolicName()::equals).orElse(true))
          .toList();
    } catch (IOException e) {
      throw new IllegalStateException("cannot read the deployment history: " + e, e);
    }
  }

  private static void requireFile(Path jar) {
    if (!Files.isRegularFile(jar)) {
      throw new IllegalArgumentException("'" + jar + "' is not a file; give the path of a jar");
    }
  }

  /** A verification refusal as the API's exception, keeping the verdict for the drop folder. */
  static final class Refused extends DeploymentRefusedException {
    private static final long serialVersionUID = 1L;
    final transient Rejected verdict;

    Refused(Rejected verdict) {
      super(verdict.text());
      this.verdict = verdict;
    }
  }
}
