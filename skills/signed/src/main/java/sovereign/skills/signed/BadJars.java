package sovereign.skills.signed;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.Attributes;
import sovereign.skills.signed.Catalog.Fixture;
import sovereign.skills.signed.Check.Outcome;
import sovereign.skills.signed.Zips.Entry;

/**
 * Jars the deployer must refuse, in {@code bad/}, each for one reason, mostly made from the echo
 * skill: each is checked to be refused for exactly that reason, so a rejection test cannot pass for
 * another one.
 */
final class BadJars {

  private BadJars() {}

  static void make(SignFixtures build, Path echo) throws IOException {
    Attributes manifest = Zips.mainAttributes(echo);
    String bsn = SignFixtures.bsn(manifest);
    String version = manifest.getValue("Bundle-Version");
    Path bad = build.signed().resolve("bad");
    Files.createDirectories(bad);
    Path signedEcho = build.signed().resolve("skills/echo-" + version + ".jar");
    Publisher skills = build.skills();
    Catalog catalog = build.catalog();

    Path unsigned = Files.copy(echo, bad.resolve("echo-unsigned.jar"));
    catalog.add(
        new Fixture(
            "bad.echo-unsigned",
            unsigned,
            bsn,
            version,
            "",
            Outcome.UNSIGNED,
            false,
            "echo as built, not signed"));

    Publisher untrusted = build.untrusted();
    catalog.add(
        new Fixture(
            "bad.echo-untrusted",
            untrusted.sign(echo, bad.resolve("echo-untrusted.jar")),
            bsn,
            version,
            untrusted.alias,
            Outcome.UNTRUSTED,
            false,
            "echo signed by the untrusted key"));

    catalog.add(
        new Fixture(
            "bad.echo-tampered",
            Zips.withFlippedByte(signedEcho, bad.resolve("echo-tampered.jar"), "skill/echo.wasm"),
            bsn,
            version,
            skills.alias,
            Outcome.CHANGED_AFTER_SIGNING,
            false,
            "echo signed by skills-test, then one byte of skill/echo.wasm changed"));

    catalog.add(
        new Fixture(
            "bad.echo-extra-entry",
            Zips.withEntries(
                signedEcho,
                bad.resolve("echo-extra-entry.jar"),
                List.of(new Entry("skill/extra.wasm", text("added after signing")))),
            bsn,
            version,
            skills.alias,
            Outcome.PARTIALLY_SIGNED,
            false,
            "echo signed by skills-test, then an unsigned entry skill/extra.wasm added"));

    catalog.add(
        new Fixture(
            "bad.ledger-by-skills-publisher",
            skills.sign(
                build.unsigned().resolve("sovereign.ledger-" + SignFixtures.CORE_NEXT + ".jar"),
                bad.resolve("ledger-by-skills-publisher.jar")),
            "sovereign.ledger",
            SignFixtures.CORE_NEXT,
            skills.alias,
            Outcome.OUT_OF_SCOPE,
            false,
            "sovereign.ledger 0.1.1 signed by skills-test: a skills publisher claiming a core name"));

    Path notABundle =
        Zips.write(
            build.unsigned().resolve("not-a-bundle.jar"),
            List.of(
                new Entry("META-INF/MANIFEST.MF", Zips.manifest("Created-By", "Sovereign test")),
                new Entry("readme.txt", text("A signed jar without Bundle-SymbolicName."))));
    catalog.add(
        new Fixture(
            "bad.not-a-bundle",
            skills.sign(notABundle, bad.resolve("not-a-bundle.jar")),
            "",
            "",
            skills.alias,
            Outcome.NOT_A_BUNDLE,
            false,
            "a jar signed by skills-test without Bundle-SymbolicName"));

    different(build, echo, bad, bsn, version);
  }

  /**
   * Echo with an extra resource, same symbolic name and version, properly signed: its signature is
   * fine ({@code expect=ACCEPTED}), but the deployer must refuse it once the echo as built is
   * installed (same version, different content).
   */
  private static void different(SignFixtures build, Path echo, Path bad, String bsn, String version)
      throws IOException {
    Path copy =
        Zips.withEntries(
            echo,
            build.unsigned().resolve("echo-different.jar"),
            List.of(new Entry("skill/NOTICE.txt", text("Not the echo that was built."))));
    Path out = build.skills().sign(copy, bad.resolve("echo-1.0.0-different.jar"));
    Attributes manifest = Zips.mainAttributes(out);
    if (!bsn.equals(SignFixtures.bsn(manifest))
        || !version.equals(manifest.getValue("Bundle-Version"))) {
      build.catalog().fail(out + " does not have echo's symbolic name and version");
    }
    build
        .catalog()
        .add(
            new Fixture(
                "bad.echo-1.0.0-different",
                out,
                bsn,
                version,
                build.skills().alias,
                Outcome.ACCEPTED,
                false,
                "echo's name and version with different content (an extra resource), signed by"
                    + " skills-test: signature fine, but it conflicts with the echo installed"));
  }

  private static byte[] text(String text) {
    return (text + "\n").getBytes(StandardCharsets.UTF_8);
  }
}
