package sovereign.itest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.Optional;
import org.apache.felix.service.command.CommandProcessor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import sovereign.api.deploy.Deployer;
import sovereign.api.identity.NodeHome;
import sovereign.api.ledger.Ledger;
import sovereign.api.skills.SkillHost;

/**
 * Signed deployment in Felix with the real core bundles: publishers trusted through the shell,
 * signed fixtures from the build installed, updated, refused and rolled back, the drop folder
 * watched. Every test leaves the node on the bundles it came with.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DeployInFrameworkTest {

  private static final int TIMEOUT = 20_000;
  private static final String ECHO = "sovereign.skill.echo";
  private static final String LEDGER = "sovereign.ledger";

  /** The text each refusal reason is reported with. */
  private static final Map<String, String> LABELS =
      Map.of(
          "UNSIGNED", "(unsigned)",
          "UNTRUSTED", "(untrusted signer)",
          "CHANGED_AFTER_SIGNING", "(changed after signing)",
          "PARTIALLY_SIGNED", "(partially signed)",
          "OUT_OF_SCOPE", "(out-of-scope signer)",
          "NOT_A_BUNDLE", "(not a bundle)");

  @InjectBundleContext BundleContext context;

  @InjectService(timeout = TIMEOUT)
  Deployer deployer;

  @InjectService(timeout = TIMEOUT)
  NodeHome home;

  @InjectService(timeout = TIMEOUT)
  CommandProcessor processor;

  private GogoShell shell;
  private Fixtures fixtures;

  @BeforeEach
  void trustTheTestPublishersAndFundTheWallet() throws Exception {
    shell = new GogoShell(processor);
    fixtures = new Fixtures();
    fundTheWallet();
    String list = shell.run("trust:list");
    for (String alias : new String[] {"skills-test", "core-test"}) {
      // Every build makes new throwaway keys; a home kept from an earlier build trusts old ones.
      if (!list.contains(fixtures.keySha256(alias))) {
        if (list.contains(alias + " ")) {
          shell.run("trust:remove " + alias);
        }
        String scope = alias.startsWith("core") ? "core" : "skills";
        shell.run(
            "trust:add --scope " + scope + " --alias " + alias + " " + fixtures.key(alias),
            fixtures.keySha256(alias).substring(0, 8) + "\n");
      }
    }
  }

  @Test
  @Order(1)
  void trustingAPublisherTakesItsFingerprintTypedAndAWrongAnswerTrustsNothing() throws Exception {
    Path key = fixtures.key("untrusted");
    assertThatThrownBy(() -> shell.run("trust:add --scope skills " + key, "0000000\n"))
        .hasMessageContaining("not trusted: you typed '0000000'");
    assertThatThrownBy(() -> shell.run("trust:add " + key))
        .hasMessageContaining("--scope skills or --scope core");
    assertThat(shell.run("trust:list")).doesNotContain("untrusted ");

    String sha = fixtures.keySha256("untrusted");
    assertThat(shell.run("trust:add --scope skills " + key, sha.substring(0, 8) + "\n"))
        .contains("trusted 'untrusted' for skills");
    assertThat(shell.run("trust:remove untrusted")).contains("removed 'untrusted'");
  }

  @Test
  @Order(9)
  void swappingTheLedgerUnderAStreamOfSkillRunsLosesAndDuplicatesNothing() throws Exception {
    removeEchoInstalledByOthers();
    shell.run("policy:grant echo 'host.*'");
    shell.run("deploy:install " + fixtures.path("skill.echo"));
    assertThat(run("echo", "warm")).isEqualTo("warm");
    SkillHost host = awaitService(SkillHost.class);
    long before = ownEntries();
    host.run("echo", new byte[] {1});
    long perRun = ownEntries() - before;
    assertThat(perRun).as("entries one metered run appends").isPositive();

    before = ownEntries();
    java.util.concurrent.atomic.AtomicBoolean stop =
        new java.util.concurrent.atomic.AtomicBoolean();
    java.util.concurrent.atomic.AtomicLong runs = new java.util.concurrent.atomic.AtomicLong();
    java.util.concurrent.atomic.AtomicLong slowest = new java.util.concurrent.atomic.AtomicLong();
    java.util.List<Throwable> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
    Thread stream =
        new Thread(
            () -> {
              while (!stop.get()) {
                long start = System.nanoTime();
                try {
                  host.run("echo", new byte[] {2});
                  runs.incrementAndGet();
                } catch (Throwable e) {
                  failures.add(e);
                }
                slowest.accumulateAndGet((System.nanoTime() - start) / 1_000_000, Math::max);
              }
            },
            "append-stream");
    stream.start();
    Thread.sleep(200);
    String update = shell.run("deploy:update " + LEDGER + " " + fixtures.path("core.ledger"));
    Thread.sleep(200);
    String rollback = shell.run("deploy:rollback " + LEDGER);
    Thread.sleep(200);
    stop.set(true);
    stream.join(30_000);

    assertThat(update).contains("UPDATE COMMITTED");
    assertThat(rollback).contains("ROLLBACK COMMITTED");
    assertThat(failures).as("runs that failed during the swaps").isEmpty();
    assertThat(runs.get()).isPositive();
    assertThat(ownEntries() - before)
        .as("entries appended by %d runs", runs.get())
        .isEqualTo(runs.get() * perRun);
    assertThat(shell.run("ledger:verify")).doesNotContain("FAIL");
    System.out.println(
        "ledger swapped twice under "
            + runs.get()
            + " skill runs: no failure, slowest run "
            + slowest.get()
            + " ms");
    shell.run("deploy:uninstall " + ECHO);
  }

  @Test
  @Order(99)
  void aRevokedCertificateCanNeverBeTrustedAgain() throws Exception {
    Path key = fixtures.key("untrusted");
    String sha = fixtures.keySha256("untrusted");
    shell.run("trust:add --scope skills " + key, sha.substring(0, 8) + "\n");
    assertThat(shell.run("trust:revoke untrusted")).contains("revoked " + sha);
    assertThat(shell.run("trust:list")).contains("REVOKED");
    assertThat(shell.run("deploy:verify " + fixtures.path("bad.echo-untrusted")))
        .contains("(revoked signer)");
    assertThat(shell.run("trust:remove untrusted")).contains("removed 'untrusted'");
    assertThatThrownBy(
            () -> shell.run("trust:add --scope skills " + key, sha.substring(0, 8) + "\n"))
        .hasMessageContaining("is revoked");
  }

  @Test
  @Order(2)
  void everyBadJarIsRefusedWithItsReasonAndNothingChanges() throws Exception {
    int bundles = context.getBundles().length;
    for (String id :
        new String[] {
          "bad.echo-unsigned",
          "bad.echo-untrusted",
          "bad.echo-tampered",
          "bad.echo-extra-entry",
          "bad.ledger-by-skills-publisher",
          "bad.not-a-bundle"
        }) {
      String label = LABELS.get(fixtures.expect(id));
      Path jar = fixtures.path(id);
      assertThat(shell.run("deploy:verify " + jar)).as(id).contains("REJECTED").contains(label);
      assertThatThrownBy(() -> shell.run("deploy:install " + jar))
          .as(id)
          .hasMessageContaining(label);
    }
    assertThatThrownBy(
            () -> shell.run("deploy:update sovereign.policy " + fixtures.path("core.ledger")))
        .hasMessageContaining("holds " + LEDGER + ", not 'sovereign.policy'");
    assertThat(context.getBundles()).hasSize(bundles);
    assertThat(deployer.history(Optional.empty())).isEmpty();
  }

  @Test
  @Order(3)
  void aSkillIsInstalledAndItsNewVersionRunsNextTimeAndRollsBack() throws Exception {
    removeEchoInstalledByOthers();
    shell.run("policy:grant echo 'host.*'");
    assertThat(shell.run("deploy:install " + fixtures.path("skill.echo")))
        .contains("INSTALL COMMITTED");
    assertThat(run("echo", "hello")).isEqualTo("hello");

    assertThatThrownBy(() -> shell.run("deploy:install " + fixtures.path("skill.echo")))
        .hasMessageContaining("installed already");
    assertThatThrownBy(
            () -> shell.run("deploy:install " + fixtures.path("bad.echo-1.0.0-different")))
        .hasMessageContaining("same name and version, different content");
    assertThatThrownBy(
            () ->
                shell.run(
                    "deploy:update " + ECHO + " " + fixtures.path("bad.echo-1.0.0-different")))
        .hasMessageContaining("same name and version, different content");

    assertThat(shell.run("deploy:update " + ECHO + " " + fixtures.path("skill.echo-1.1.0")))
        .contains("UPDATE COMMITTED")
        .contains("0.1.0.SNAPSHOT -> 1.1.0");
    assertThat(run("echo", "hello")).isEqualTo("HELLO");
    assertThat(shell.run("deploy:list")).contains(ECHO).contains("1.1.0").contains("skills-test");

    assertThat(shell.run("deploy:rollback " + ECHO)).contains("ROLLBACK COMMITTED");
    assertThat(run("echo", "hello")).isEqualTo("hello");
    assertThat(shell.run("deploy:uninstall " + ECHO)).contains("UNINSTALL COMMITTED");
    assertThat(find(ECHO)).isEmpty();
    assertThat(shell.run("deploy:history " + ECHO))
        .contains("INSTALL")
        .contains("UPDATE")
        .contains("ROLLBACK")
        .contains("UNINSTALL");
  }

  @Test
  @Order(4)
  void aCoreBundleIsReplacedWhileTheNodeRunsAndKeepsItsState() throws Exception {
    String builtin = find(LEDGER).orElseThrow().getVersion().toString();
    long entries = ownEntries();

    assertThat(shell.run("deploy:update " + LEDGER + " " + fixtures.path("core.ledger")))
        .contains("UPDATE COMMITTED")
        .contains(builtin + " -> 0.1.1");
    assertThat(find(LEDGER).orElseThrow().getVersion().toString()).isEqualTo("0.1.1");
    assertThat(ownEntries()).isEqualTo(entries);
    assertThat(shell.run("ledger:verify")).doesNotContain("FAIL");

    assertThat(shell.run("deploy:rollback " + LEDGER)).contains("0.1.1 -> " + builtin);
    assertThat(find(LEDGER).orElseThrow().getVersion().toString()).isEqualTo(builtin);
    assertThat(ownEntries()).isEqualTo(entries);
  }

  @Test
  @Order(5)
  void anUpdateThatCannotStartIsRolledBackOnItsOwn() throws Exception {
    String builtin = find(LEDGER).orElseThrow().getVersion().toString();
    assertThatThrownBy(
            () ->
                shell.run("deploy:update " + LEDGER + " " + fixtures.path("fault.ledger-nostart")))
        .hasMessageContaining("ROLLED_BACK")
        .hasMessageContaining("did not start");
    assertThat(find(LEDGER).orElseThrow().getVersion().toString()).isEqualTo(builtin);
    assertThat(awaitService(Ledger.class).heads()).isNotNull();
  }

  @Test
  @Order(6)
  void anUpdateThatStartsButFailsTheHealthGateIsRolledBackOnItsOwn() throws Exception {
    String builtin = find(LEDGER).orElseThrow().getVersion().toString();
    assertThatThrownBy(
            () ->
                shell.run(
                    "deploy:update " + LEDGER + " " + fixtures.path("fault.ledger-unhealthy")))
        .hasMessageContaining("ROLLED_BACK")
        .hasMessageContaining("has not registered health check(s) [ledger]");
    assertThat(find(LEDGER).orElseThrow().getVersion().toString()).isEqualTo(builtin);
    assertThat(shell.run("deploy:history " + LEDGER)).contains("ROLLED_BACK");
  }

  @Test
  @Order(7)
  void aDeploymentSetIsAppliedAllOrNothing() throws Exception {
    String ledger = find(LEDGER).orElseThrow().getVersion().toString();
    String policy = find("sovereign.policy").orElseThrow().getVersion().toString();

    assertThatThrownBy(() -> shell.run("deploy:apply " + fixtures.path("set.core-bad")))
        .hasMessageContaining("SET ROLLED_BACK");
    assertThat(find(LEDGER).orElseThrow().getVersion().toString()).isEqualTo(ledger);
    assertThat(find("sovereign.policy").orElseThrow().getVersion().toString()).isEqualTo(policy);

    assertThat(shell.run("deploy:apply " + fixtures.path("set.core-next")))
        .contains("SET COMMITTED");
    assertThat(find(LEDGER).orElseThrow().getVersion().toString()).isEqualTo("0.1.1");
    assertThat(find("sovereign.policy").orElseThrow().getVersion().toString()).isEqualTo("0.1.1");

    shell.run("deploy:rollback " + LEDGER);
    shell.run("deploy:rollback sovereign.policy");
    assertThat(find(LEDGER).orElseThrow().getVersion().toString()).isEqualTo(ledger);
    assertThat(find("sovereign.policy").orElseThrow().getVersion().toString()).isEqualTo(policy);
  }

  @Test
  @Order(8)
  void theDropFolderInstallsUpdatesRejectsAndUninstalls() throws Exception {
    removeEchoInstalledByOthers();
    shell.run("policy:grant echo 'host.*'");
    Path folder = home.deploy();

    // A file written in pieces, slower than nothing but faster than the settle time, then renamed.
    byte[] echo = Files.readAllBytes(fixtures.path("skill.echo"));
    Path part = folder.resolve("echo.jar.part");
    Files.write(part, java.util.Arrays.copyOf(echo, echo.length / 2));
    Thread.sleep(300);
    assertThat(find(ECHO)).isEmpty();
    Files.write(part, echo);
    Files.move(part, folder.resolve("echo.jar"), StandardCopyOption.ATOMIC_MOVE);
    await(() -> find(ECHO).isPresent(), "echo installed from the drop folder");
    assertThat(run("echo", "drop")).isEqualTo("drop");

    Files.copy(fixtures.path("skill.echo-1.1.0"), folder.resolve("echo-next.jar.part"));
    Files.move(
        folder.resolve("echo-next.jar.part"),
        folder.resolve("echo-next.jar"),
        StandardCopyOption.ATOMIC_MOVE);
    await(
        () -> find(ECHO).map(b -> b.getVersion().toString().equals("1.1.0")).orElse(false),
        "echo updated to 1.1.0 from the drop folder");
    assertThat(run("echo", "drop")).isEqualTo("DROP");

    Files.copy(fixtures.path("bad.echo-untrusted"), folder.resolve("stranger.jar"));
    Path reason = folder.resolve("rejected").resolve("stranger.jar.reason");
    await(() -> Files.exists(reason), "stranger.jar moved to rejected/");
    assertThat(Files.readString(reason, StandardCharsets.UTF_8)).contains("untrusted signer");
    assertThat(folder.resolve("stranger.jar")).doesNotExist();
    assertThat(folder.resolve("rejected").resolve("stranger.jar")).exists();

    Files.delete(folder.resolve("echo-next.jar"));
    Files.delete(folder.resolve("echo.jar"));
    await(() -> find(ECHO).isEmpty(), "echo uninstalled after its files were deleted");
  }

  /** Whatever a test left behind, so that the other test classes find the node as it came. */
  @AfterEach
  void leaveTheNodeAsItCame() throws Exception {
    try (var files = Files.list(home.deploy())) {
      for (Path jar : files.filter(p -> p.toString().endsWith(".jar")).toList()) {
        Files.delete(jar);
      }
    }
    await(
        () -> deployer.bundles().stream().noneMatch(b -> b.origin().startsWith("drop:")),
        "bundles from the drop folder uninstalled");
    removeEchoInstalledByOthers();
    for (var b : deployer.bundles()) {
      if (b.origin().equals("shell") || b.origin().startsWith("set:")) {
        if (b.previous().isPresent()) {
          shell.run("deploy:rollback " + b.symbolicName());
        }
      }
    }
  }

  private void removeEchoInstalledByOthers() throws Exception {
    Optional<Bundle> echo = find(ECHO);
    if (echo.isPresent()) {
      if (echo.get().getLocation().startsWith("sovereign-deploy:")) {
        shell.run("deploy:uninstall " + ECHO);
      } else {
        echo.get().uninstall();
      }
    }
  }

  private String run(String skill, String input) throws Exception {
    long end = System.currentTimeMillis() + TIMEOUT;
    SkillHost host = awaitService(SkillHost.class);
    while (host.skill(skill).filter(s -> s.ready()).isEmpty()) {
      if (System.currentTimeMillis() > end) {
        throw new AssertionError("skill " + skill + " never loaded");
      }
      Thread.sleep(20);
    }
    return new String(
        host.run(skill, input.getBytes(StandardCharsets.UTF_8)).output(), StandardCharsets.UTF_8);
  }

  private void fundTheWallet() throws Exception {
    var admin = awaitService(org.osgi.service.cm.ConfigurationAdmin.class);
    var config = admin.getConfiguration("sovereign.ledger", "?");
    java.util.Hashtable<String, Object> properties = new java.util.Hashtable<>();
    properties.put("mintAuthorities", new String[] {"self"});
    config.updateIfDifferent(properties);
    String node = home.nodeId().toString();
    long end = System.currentTimeMillis() + TIMEOUT;
    while (true) {
      try {
        shell.run("ledger:mint " + node + " 1000 IPPC");
        return;
      } catch (Exception e) {
        if (System.currentTimeMillis() > end) {
          throw e;
        }
        Thread.sleep(50);
      }
    }
  }

  private long ownEntries() throws Exception {
    var head = awaitService(Ledger.class).heads().get(home.nodeId());
    return head == null ? 0 : head.sequence();
  }

  private Optional<Bundle> find(String symbolicName) {
    for (Bundle b : context.getBundles()) {
      if (symbolicName.equals(b.getSymbolicName())) {
        return Optional.of(b);
      }
    }
    return Optional.empty();
  }

  private <T> T awaitService(Class<T> type) throws InterruptedException {
    long end = System.currentTimeMillis() + TIMEOUT;
    while (System.currentTimeMillis() < end) {
      var ref = context.getServiceReference(type);
      if (ref != null) {
        T service = context.getService(ref);
        if (service != null) {
          return service;
        }
      }
      Thread.sleep(20);
    }
    throw new AssertionError("no " + type.getSimpleName() + " service");
  }

  private static void await(java.util.function.BooleanSupplier condition, String what)
      throws InterruptedException {
    long end = System.currentTimeMillis() + TIMEOUT;
    while (!condition.getAsBoolean()) {
      if (System.currentTimeMillis() > end) {
        throw new AssertionError("timed out waiting for: " + what);
      }
      Thread.sleep(50);
    }
  }
}
