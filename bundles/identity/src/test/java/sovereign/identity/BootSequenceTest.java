package sovereign.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sovereign.identity.KeyCipher.ScryptParams;

class BootSequenceTest {

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final ScryptParams FAST = new ScryptParams(10, 8, 1);
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-03-01T12:00:00.123Z"), ZoneOffset.UTC);

  @TempDir Path home;

  private final List<NodeHomeDirectory> chosen = new ArrayList<>();

  @Test
  void theFirstBootCreatesANodeAndBringsItsIdentityUp() {
    BootSequence.Outcome outcome = boot(new TestLaunchOptions(home), Machines.ALPHA);

    assertThat(outcome.haltReason()).isEmpty();
    assertThat(outcome.created()).isTrue();
    NodeHomeDirectory node = outcome.home().orElseThrow();
    assertThat(chosen).containsExactly(node);
    assertThat(outcome.identity().orElseThrow().nodeId()).isEqualTo(node.nodeId());
    assertThat(outcome.identity().orElseThrow().machineId())
        .isEqualTo(Fingerprint.machineId(Machines.ALPHA));
    assertThat(outcome.keyFile().orElseThrow().encrypted()).isFalse();
    assertThat(outcome.keyFile().orElseThrow().created()).isEqualTo("2026-03-01T12:00:00Z");
  }

  @Test
  void aLaterBootOnTheSameMachineReusesTheNode() {
    NodeHomeDirectory first =
        boot(new TestLaunchOptions(home), Machines.ALPHA).home().orElseThrow();

    BootSequence.Outcome again = boot(new TestLaunchOptions(home), Machines.ALPHA);

    assertThat(again.created()).isFalse();
    assertThat(again.home()).contains(first);
    assertThat(again.identity()).isPresent();
  }

  @Test
  void aClonedHomeHaltsNamingTheChangedComponentsButNeverTheirValues() {
    NodeHomeDirectory node = boot(new TestLaunchOptions(home), Machines.ALPHA).home().orElseThrow();
    chosen.clear();
    Map<String, String> clone =
        Machines.with(Machines.ALPHA, "hostname", "clone.example", "machine-uuid", "ffff-0000");

    BootSequence.Outcome outcome = boot(new TestLaunchOptions(home), clone);

    assertThat(outcome.haltReason())
        .contains(
            "hardware fingerprint does not match node "
                + node.nodeId()
                + ": hostname, machine-uuid changed. If this machine legitimately changed, run"
                + " identity:rebind on the console");
    assertThat(outcome.haltReason().orElseThrow())
        .doesNotContain("clone.example", "ffff-0000", "alpha.example");
    assertThat(outcome.identity()).isEmpty();
    assertThat(chosen).containsExactly(node); // NodeHome is still offered
  }

  @Test
  void aMismatchHaltsBeforeAskingForThePassphrase() {
    boot(new TestLaunchOptions(home).passphrase("s3cret"), Machines.ALPHA);
    TestLaunchOptions interactive = new TestLaunchOptions(home);
    interactive.headless = false;
    ScriptedConsole console = new ScriptedConsole("s3cret");

    BootSequence.Outcome outcome = boot(interactive, Machines.BETA, console);

    assertThat(outcome.haltReason().orElseThrow())
        .startsWith("hardware fingerprint does not match");
    assertThat(console.prompts).isEmpty();
  }

  @Test
  void thePassphraseVariableAtFirstBootEncryptsTheKeyAndOpensItLater() {
    BootSequence.Outcome first =
        boot(new TestLaunchOptions(home).passphrase("s3cret"), Machines.ALPHA);

    BootSequence.Outcome later =
        boot(new TestLaunchOptions(home).passphrase("s3cret"), Machines.ALPHA);

    assertThat(first.keyFile().orElseThrow().encrypted()).isTrue();
    assertThat(later.haltReason()).isEmpty();
    assertThat(later.identity().orElseThrow().nodeId())
        .isEqualTo(first.identity().orElseThrow().nodeId());
  }

  @Test
  void aWrongPassphraseHaltsWithAClearError() {
    NodeHomeDirectory node =
        boot(new TestLaunchOptions(home).passphrase("s3cret"), Machines.ALPHA).home().orElseThrow();

    BootSequence.Outcome outcome =
        boot(new TestLaunchOptions(home).passphrase("guess"), Machines.ALPHA);

    assertThat(outcome.haltReason().orElseThrow())
        .startsWith("wrong passphrase for " + node.keyFile());
    assertThat(outcome.identity()).isEmpty();
    assertThat(outcome.home()).contains(node);
  }

  @Test
  void aHeadlessNodeWithoutPassphraseHaltsSayingToSetTheVariable() {
    boot(new TestLaunchOptions(home).passphrase("s3cret"), Machines.ALPHA);

    BootSequence.Outcome outcome = boot(new TestLaunchOptions(home), Machines.ALPHA);

    assertThat(outcome.haltReason().orElseThrow())
        .contains("is encrypted and this node is headless")
        .endsWith("set SOVEREIGN_PASSPHRASE");
  }

  @Test
  void anInteractiveNodeAsksForThePassphraseOnTheConsole() {
    NodeHomeDirectory node =
        boot(new TestLaunchOptions(home).passphrase("s3cret"), Machines.ALPHA).home().orElseThrow();
    TestLaunchOptions interactive = new TestLaunchOptions(home);
    interactive.headless = false;
    ScriptedConsole console = new ScriptedConsole("typo", "s3cret");

    BootSequence.Outcome outcome = boot(interactive, Machines.ALPHA, console);

    assertThat(outcome.identity()).isPresent();
    assertThat(console.prompts)
        .containsExactly(
            "Passphrase for " + node.keyFile() + ": ",
            "Wrong passphrase. Passphrase for " + node.keyFile() + ": ");
  }

  @Test
  void aKeyFileOthersCanReadStopsTheBootWithTheChmodHint() throws Exception {
    NodeHomeDirectory node = boot(new TestLaunchOptions(home), Machines.ALPHA).home().orElseThrow();
    Files.setPosixFilePermissions(node.keyFile(), PosixFilePermissions.fromString("rw-r--r--"));

    BootSequence.Outcome outcome = boot(new TestLaunchOptions(home), Machines.ALPHA);

    assertThat(outcome.haltReason().orElseThrow())
        .contains("mode 0644")
        .endsWith("chmod 600 " + node.keyFile());
    assertThat(outcome.identity()).isEmpty();
  }

  @Test
  void aTruncatedKeyFileStopsTheBootNamingTheFile() throws Exception {
    NodeHomeDirectory node = boot(new TestLaunchOptions(home), Machines.ALPHA).home().orElseThrow();
    byte[] bytes = Files.readAllBytes(node.keyFile());
    Files.write(node.keyFile(), java.util.Arrays.copyOf(bytes, 40));

    BootSequence.Outcome outcome = boot(new TestLaunchOptions(home), Machines.ALPHA);

    assertThat(outcome.haltReason())
        .contains(
            "key file "
                + node.keyFile()
                + " is corrupt: it ends in the middle of its JSON (the file is truncated)");
  }

  @Test
  void aKeyFileOfAnotherNodeIsRefused() throws Exception {
    NodeHomeDirectory alpha =
        boot(new TestLaunchOptions(home), Machines.ALPHA).home().orElseThrow();
    Path otherHome = home.resolve("other");
    NodeHomeDirectory other =
        boot(new TestLaunchOptions(otherHome), Machines.ALPHA).home().orElseThrow();
    Files.copy(other.keyFile(), alpha.keyFile(), java.nio.file.StandardCopyOption.REPLACE_EXISTING);

    BootSequence.Outcome outcome = boot(new TestLaunchOptions(home), Machines.ALPHA);

    assertThat(outcome.haltReason())
        .contains(
            "key file "
                + alpha.keyFile()
                + " belongs to node "
                + other.nodeId()
                + ", not to "
                + alpha.nodeId()
                + " whose folder it is in");
  }

  @Test
  void aMissingFingerprintFileHaltsAndPointsToRebind() throws Exception {
    NodeHomeDirectory node = boot(new TestLaunchOptions(home), Machines.ALPHA).home().orElseThrow();
    Files.delete(node.fingerprintFile());

    BootSequence.Outcome outcome = boot(new TestLaunchOptions(home), Machines.ALPHA);

    assertThat(outcome.haltReason().orElseThrow())
        .contains("fingerprint file " + node.fingerprintFile() + " is missing")
        .endsWith("run identity:rebind on the console");
  }

  @Test
  void anUnknownNodeOptionHaltsBeforeAnyNodeIsChosen() {
    boot(new TestLaunchOptions(home), Machines.ALPHA);
    chosen.clear();
    TestLaunchOptions options = new TestLaunchOptions(home);
    options.node = "12D3KooWnope";

    BootSequence.Outcome outcome = boot(options, Machines.ALPHA);

    assertThat(outcome.haltReason().orElseThrow()).startsWith("--node '12D3KooWnope'");
    assertThat(outcome.home()).isEmpty();
    assertThat(chosen).isEmpty();
  }

  @Test
  void aProbeThatFailsHaltsSayingTheHardwareCannotBeRead() {
    TestLaunchOptions options = new TestLaunchOptions(home);
    BootSequence.Outcome outcome =
        new BootSequence(
                options,
                () -> {
                  throw new IllegalStateException("no /proc");
                },
                new Passphrases(options, ScriptedConsole.none(), 3),
                FAST,
                RANDOM,
                CLOCK)
            .run(chosen::add);

    assertThat(outcome.haltReason().orElseThrow())
        .startsWith("cannot read this machine's hardware fingerprint")
        .contains("no /proc");
    assertThat(chosen).isEmpty();
  }

  private BootSequence.Outcome boot(TestLaunchOptions options, Map<String, String> machine) {
    return boot(options, machine, ScriptedConsole.none());
  }

  private BootSequence.Outcome boot(
      TestLaunchOptions options, Map<String, String> machine, ConsolePrompt console) {
    return new BootSequence(
            options, () -> machine, new Passphrases(options, console, 3), FAST, RANDOM, CLOCK)
        .run(chosen::add);
  }
}
