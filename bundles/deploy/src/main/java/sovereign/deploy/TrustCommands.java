package sovereign.deploy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;
import sovereign.api.policy.RiskTier;
import sovereign.util.ConfirmPrompt;

/**
 * The {@code trust:*} Gogo commands (docs/deploy.md, "Trusted publishers"). Trusting a publisher is
 * an operator action with a risk tier ({@code trustTier} of PID {@code sovereign.deploy}, the
 * policy's meaning of LOW, MEDIUM and HIGH); removing and revoking only take trust away and always
 * run.
 */
@Component(
    service = TrustCommands.class,
    configurationPid = "sovereign.deploy",
    property = {
      "osgi.command.scope=trust",
      "osgi.command.function=list",
      "osgi.command.function=add",
      "osgi.command.function=remove",
      "osgi.command.function=revoke"
    })
public final class TrustCommands {

  @Reference TrustStore trust;

  @Reference(service = LoggerFactory.class)
  Logger logger;

  private volatile RiskTier tier = RiskTier.MEDIUM;

  @Activate
  @Modified
  void configure(DeployConfig config) {
    tier = RiskTier.valueOf(config.trustTier().toUpperCase(Locale.ROOT));
  }

  @Descriptor("list the trusted publishers: alias, scope, subject, expiry, fingerprint")
  public String list() {
    StringBuilder out = new StringBuilder();
    String row = "%-16s %-6s %-8s %-36s %-20s %s%n";
    out.append(String.format(row, "ALIAS", "SCOPE", "STATUS", "SUBJECT", "VALID UNTIL", "SHA-256"));
    for (Publisher p : trust.publishers()) {
      out.append(
          String.format(
              row,
              p.alias(),
              p.scope().label(),
              trust.isRevoked(p.fingerprint()) ? "REVOKED" : "trusted",
              p.certificate().getSubjectX500Principal().getName(),
              p.certificate().getNotAfter().toInstant(),
              p.fingerprint()));
    }
    if (!trust.revoked().isEmpty()) {
      out.append("revoked fingerprints: ").append(trust.revoked().size()).append('\n');
    }
    return out.toString();
  }

  @Descriptor("trust a publisher's certificate (PEM or DER) to sign skills, or core bundles too")
  public String add(
      CommandSession session,
      @Descriptor("what it may sign: skills or core")
          @Parameter(
              names = {"-s", "--scope"},
              absentValue = "")
          String scope,
      @Descriptor("name for the publisher (default: the file name without extension)")
          @Parameter(
              names = {"-a", "--alias"},
              absentValue = "")
          String alias,
      @Descriptor("path of the certificate file") String certificate)
      throws IOException {
    if (scope.isEmpty()) {
      throw new IllegalArgumentException(
          "say what '" + certificate + "' may sign: --scope skills or --scope core");
    }
    Scope parsed = Scope.parse(scope);
    Path file = Path.of(certificate).toAbsolutePath();
    String name = alias.isEmpty() ? baseName(file) : alias;
    if (tier == RiskTier.HIGH) {
      throw new IllegalStateException(
          "trusting a publisher is in risk tier HIGH here: refused until trustTier of"
              + " sovereign.deploy changes");
    }
    Publisher candidate =
        new Publisher(
            name,
            parsed,
            Certificates.read(java.nio.file.Files.readAllBytes(file), file.toString()));
    if (tier == RiskTier.MEDIUM) {
      session
          .getConsole()
          .println("Publisher:   " + candidate.certificate().getSubjectX500Principal().getName());
      session.getConsole().println("SHA-256:     " + candidate.fingerprint());
      session
          .getConsole()
          .println(
              "Scope:       "
                  + parsed.label()
                  + (parsed == Scope.CORE ? " (may replace core bundles)" : ""));
      String expected = candidate.fingerprint().substring(0, 8);
      String answer =
          new ConfirmPrompt(session)
              .ask("To trust it, type the first 8 hex digits of its SHA-256 (" + expected + "): ");
      if (answer == null || !answer.strip().equalsIgnoreCase(expected)) {
        throw new IllegalArgumentException(
            "not trusted: you typed '"
                + (answer == null ? "" : answer.strip())
                + "'; type "
                + expected
                + " to confirm");
      }
    }
    Publisher added = trust.add(name, file, parsed);
    logger.info(
        "publisher '{}' trusted for {} (SHA-256 {})",
        added.alias(),
        added.scope().label(),
        added.fingerprint());
    return "trusted '"
        + added.alias()
        + "' for "
        + added.scope().label()
        + " (SHA-256 "
        + added.fingerprint()
        + ")";
  }

  @Descriptor("stop trusting a publisher (jars it signed are refused from now on)")
  public String remove(@Descriptor("alias of the publisher") String alias) throws IOException {
    Publisher removed = trust.remove(alias);
    logger.info("publisher '{}' removed", removed.alias());
    return "removed '" + removed.alias() + "'";
  }

  @Descriptor("revoke a certificate for good, by alias or SHA-256 fingerprint")
  public String revoke(@Descriptor("alias or SHA-256 fingerprint (hex)") String which)
      throws IOException {
    String fingerprint = trust.publisher(which).map(Publisher::fingerprint).orElse(which);
    boolean added;
    try {
      added = trust.revoke(fingerprint);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "'"
              + which
              + "' is neither a trusted alias nor a SHA-256 fingerprint: "
              + e.getMessage());
    }
    logger.info("certificate {} revoked", fingerprint);
    return added ? "revoked " + fingerprint : fingerprint + " was revoked already";
  }

  private static String baseName(Path file) {
    String name = file.getFileName().toString();
    int dot = name.lastIndexOf('.');
    return dot > 0 ? name.substring(0, dot) : name;
  }
}
