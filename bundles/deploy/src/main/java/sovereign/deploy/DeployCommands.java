package sovereign.deploy;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.apache.felix.service.command.Descriptor;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import sovereign.api.deploy.DeployedBundle;
import sovereign.api.deploy.Deployer;
import sovereign.api.deploy.Deployment;
import sovereign.api.deploy.HistoryRecord;
import sovereign.api.deploy.VerifyResult;

/** The {@code deploy:*} Gogo commands (docs/deploy.md, "Shell"). */
@Component(
    service = DeployCommands.class,
    property = {
      "osgi.command.scope=deploy",
      "osgi.command.function=list",
      "osgi.command.function=verify",
      "osgi.command.function=install",
      "osgi.command.function=update",
      "osgi.command.function=apply",
      "osgi.command.function=rollback",
      "osgi.command.function=uninstall",
      "osgi.command.function=history"
    })
public final class DeployCommands {

  @Reference Deployer deployer;

  @Descriptor("list every bundle: id, name, version, state, origin, signer, rollback target")
  public String list() {
    StringBuilder out = new StringBuilder();
    String row = "%4s  %-36s %-16s %-9s %-22s %-14s %s%n";
    out.append(
        String.format(row, "ID", "BUNDLE", "VERSION", "STATE", "ORIGIN", "SIGNER", "PREVIOUS"));
    for (DeployedBundle b : deployer.bundles()) {
      out.append(
          String.format(
              row,
              b.id(),
              b.symbolicName(),
              b.version(),
              b.state(),
              b.origin(),
              b.signer().orElse("-"),
              b.previous().orElse("-")));
    }
    return out.toString();
  }

  @Descriptor("check a jar without installing it: signer, scope and verdict")
  public String verify(@Descriptor("path of the jar") String file) {
    VerifyResult r = deployer.verify(path(file));
    return (r.accepted() ? "ACCEPTED " : "REJECTED ")
        + r.verdict()
        + r.signer().map(s -> "\nsigner:  " + s).orElse("")
        + r.scope().map(s -> "\nscope:   " + s).orElse("");
  }

  @Descriptor("verify and install a new bundle, through the health gate")
  public String install(@Descriptor("path of the signed jar") String file) {
    return outcome(deployer.install(path(file)));
  }

  @Descriptor("replace an installed bundle with a signed jar; rolled back if it is not healthy")
  public String update(
      @Descriptor("symbolic name of the installed bundle, e.g. sovereign.ledger") String bundle,
      @Descriptor("path of the signed jar") String file) {
    return outcome(deployer.update(bundle, path(file)));
  }

  @Descriptor("apply a signed deployment set: all of its bundles, or none")
  public String apply(@Descriptor("path of the signed set jar") String file) {
    return outcome(deployer.applySet(path(file)));
  }

  @Descriptor("put a bundle back on the version it ran before its last change")
  public String rollback(@Descriptor("symbolic name of the bundle") String bundle) {
    return outcome(deployer.rollback(bundle));
  }

  @Descriptor("uninstall a deployed bundle (not one that came with the node)")
  public String uninstall(@Descriptor("symbolic name of the bundle") String bundle) {
    return outcome(deployer.uninstall(bundle));
  }

  @Descriptor("show every deployment transaction, oldest first")
  public String history() {
    return history(Optional.empty());
  }

  @Descriptor("show the deployment transactions of one bundle")
  public String history(@Descriptor("symbolic name of the bundle") String bundle) {
    return history(Optional.of(bundle));
  }

  private String history(Optional<String> bundle) {
    List<HistoryRecord> records = deployer.history(bundle);
    if (records.isEmpty()) {
      return bundle.map(b -> "no deployments of " + b).orElse("no deployments yet");
    }
    StringBuilder out = new StringBuilder();
    String row = "%-24s %-22s %-9s %-32s %-28s %-11s %6s  %s%n";
    out.append(
        String.format(
            row, "TIME", "TRANSACTION", "ACTION", "BUNDLE", "CHANGE", "OUTCOME", "MS", "REASON"));
    for (HistoryRecord r : records) {
      out.append(
          String.format(
              row,
              r.time().toString(),
              r.transaction(),
              r.action(),
              r.symbolicName(),
              r.from().orElse("(new)") + " -> " + r.to().orElse("(removed)"),
              r.outcome(),
              r.millis(),
              r.reason().orElse("")));
    }
    return out.toString();
  }

  /** The outcome as text; a rollback by the health gate fails the command, with the reason. */
  static String outcome(Deployment d) {
    if (d.outcome() == Deployment.Outcome.ROLLED_BACK) {
      throw new IllegalStateException(describe(d));
    }
    return describe(d);
  }

  static String describe(Deployment d) {
    StringBuilder out = new StringBuilder();
    out.append(d.action()).append(' ').append(d.outcome());
    out.append(" (").append(d.id()).append(", ").append(d.millis()).append(" ms)");
    for (Deployment.Change c : d.changes()) {
      out.append("\n  ")
          .append(c.symbolicName())
          .append(' ')
          .append(c.from().orElse("(new)"))
          .append(" -> ")
          .append(c.to().orElse("(removed)"));
    }
    d.reason().ifPresent(r -> out.append("\nreason: ").append(r));
    return out.toString();
  }

  private static Path path(String file) {
    return Path.of(file).toAbsolutePath();
  }
}
