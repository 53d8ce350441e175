package sovereign.skills.signed;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.Attributes;
import java.util.stream.Collectors;
import sovereign.skills.signed.Catalog.Fixture;
import sovereign.skills.signed.Check.Outcome;

/**
 * Core updates that are signed correctly but fail once installed, for the deployer's start and
 * health gates and its rollback: copies of sovereign.ledger, signed by core-test.
 */
final class Faults {

  static final String NOSTART = "sovereign.ledger-0.1.2-nostart.jar";
  static final String UNHEALTHY = "sovereign.ledger-0.1.3-unhealthy.jar";

  /** The DS component the unhealthy fixture lacks. */
  static final String HEALTH_CHECK = "OSGI-INF/sovereign.ledger.LedgerHealthCheck.xml";

  /** Named by the nostart fixture's Bundle-Activator, and not in the jar. */
  static final String MISSING_ACTIVATOR = "sovereign.ledger.fixture.MissingActivator";

  private Faults() {}

  static void make(SignFixtures build) throws IOException {
    Path ledger = build.built("bundles/ledger", "sovereign.ledger");

    fault(
        build,
        "fault.ledger-nostart",
        Zips.withManifest(
            ledger,
            build.unsigned().resolve(NOSTART),
            attributes -> {
              attributes.putValue("Bundle-Version", "0.1.2");
              attributes.putValue("Bundle-Activator", MISSING_ACTIVATOR);
            }),
        NOSTART,
        "0.1.2",
        "ledger 0.1.2 whose Bundle-Activator " + MISSING_ACTIVATOR + " is missing: start fails");

    Attributes built = Zips.mainAttributes(ledger);
    List<String> components = SignFixtures.split(built.getValue("Service-Component"));
    if (!components.contains(HEALTH_CHECK)) {
      System.out.println(
          "[WARNING] signed: "
              + ledger.getFileName()
              + " has no "
              + HEALTH_CHECK
              + " in its Service-Component header (is the ledger's health check not built yet?);"
              + " "
              + UNHEALTHY
              + " is then the ledger with only its version changed");
    }
    String remaining =
        components.stream()
            .filter(entry -> !entry.equals(HEALTH_CHECK))
            .collect(Collectors.joining(","));
    fault(
        build,
        "fault.ledger-unhealthy",
        Zips.withManifest(
            ledger,
            build.unsigned().resolve(UNHEALTHY),
            attributes -> {
              attributes.putValue("Bundle-Version", "0.1.3");
              if (remaining.isEmpty()) {
                attributes.remove(new Attributes.Name("Service-Component"));
              } else {
                attributes.putValue("Service-Component", remaining);
              }
            }),
        UNHEALTHY,
        "0.1.3",
        "ledger 0.1.3 without its health check component "
            + HEALTH_CHECK
            + ": the health gate fails");
  }

  private static void fault(
      SignFixtures build, String id, Path copy, String name, String version, String comment)
      throws IOException {
    Path out = build.core().sign(copy, build.signed().resolve("core/" + name));
    build
        .catalog()
        .add(
            new Fixture(
                id,
                out,
                "sovereign.ledger",
                version,
                build.core().alias,
                Outcome.ACCEPTED,
                true,
                comment + " (signed by core-test)"));
  }
}
