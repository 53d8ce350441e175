package sovereign.itest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Hashtable;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.felix.service.command.CommandProcessor;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import sovereign.api.identity.NodeHome;
import sovereign.api.identity.NodeIdentity;
import sovereign.api.ledger.Currency;
import sovereign.api.ledger.Ledger;
import sovereign.api.node.NodeControl;
import sovereign.api.policy.KillSwitch;
import sovereign.api.skills.SkillFailedException;
import sovereign.api.skills.SkillHost;
import sovereign.api.skills.SkillKind;
import sovereign.api.skills.SkillResult;

/**
 * The skills host in Felix with the real policy and ledger: skill bundles installed and started as
 * an operator would, grants given with policy:grant, every run metered on the node's wallet.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SkillsInFrameworkTest {

  private static final int TIMEOUT = 20_000;

  @InjectBundleContext BundleContext context;

  @InjectService(timeout = TIMEOUT)
  SkillHost host;

  @InjectService(timeout = TIMEOUT)
  NodeIdentity identity;

  @InjectService(timeout = TIMEOUT)
  NodeHome home;

  @InjectService(timeout = TIMEOUT)
  CommandProcessor processor;

  @InjectService(timeout = TIMEOUT)
  ConfigurationAdmin admin;

  private GogoShell shell;

  @BeforeEach
  void fundTheWallet() throws Exception {
    shell = new GogoShell(processor);
    Configuration config = admin.getConfiguration("sovereign.ledger", "?");
    Hashtable<String, Object> properties = new Hashtable<>();
    properties.put("mintAuthorities", new String[] {"self"});
    config.updateIfDifferent(properties);
    long end = System.currentTimeMillis() + TIMEOUT;
    while (true) {
      try {
        shell.run("ledger:mint " + identity.nodeId() + " 100 IPPC");
        return;
      } catch (Exception e) {
        if (System.currentTimeMillis() > end) {
          throw new AssertionError("could not fund the node's wallet", e);
        }
        Thread.sleep(50);
      }
    }
  }

  @Test
  @Order(1)
  void anInstalledSkillRunsAndItsTimeIsChargedToTheWallet() throws Exception {
    install("echo");
    shell.run("policy:grant echo host.input_size");
    shell.run("policy:grant echo host.input_read");
    shell.run("policy:grant echo host.output_write");
    long before = wallet();

    SkillResult result = host.run("echo", bytes("hello, swarm"));

    assertThat(text(result.output())).isEqualTo("hello, swarm");
    assertThat(result.costMicros()).isPositive();
    assertThat(wallet()).isEqualTo(before - result.costMicros());
    assertThat(host.skill("echo").orElseThrow().kind()).isEqualTo(SkillKind.WASM);
  }

  @Test
  @Order(2)
  void wordcountAndSha256GiveRealResultsThroughTheShell() throws Exception {
    install("wordcount");
    install("sha256");
    for (String skill : new String[] {"wordcount", "sha256"}) {
      shell.run("policy:grant " + skill + " host.input_size");
      shell.run("policy:grant " + skill + " host.input_read");
      shell.run("policy:grant " + skill + " host.output_write");
    }

    String counted = shell.run("skill:run wordcount 'one two  three'");
    String hashed = shell.run("skill:run sha256 abc");

    assertThat(counted)
        .contains("{\"bytes\":14,\"chars\":14,\"words\":3,\"lines\":1,\"longestLine\":14}")
        .containsPattern("-- \\d+ ms, cost [0-9.]+ IPPC");
    assertThat(hashed).contains(sha256("abc"));
  }

  @Test
  @Order(3)
  void hostileSkillsAreStoppedAndTheNodeStaysHealthy(
      @InjectService(timeout = TIMEOUT) NodeControl control) throws Exception {
    for (String skill : new String[] {"spin", "membomb", "undeclared", "bigout", "flood"}) {
      install(skill);
      shell.run("policy:grant " + skill + " 'host.*'");
    }
    long before = wallet();

    assertFails("spin", SkillFailedException.Reason.TIMEOUT, "wall-time limit");
    assertFails("membomb", SkillFailedException.Reason.MEMORY, "memory cap");
    assertFails(
        "undeclared", SkillFailedException.Reason.LINK, "import env.kv_put is not asked for");
    assertFails("bigout", SkillFailedException.Reason.OUTPUT, "output cap");
    assertFails("flood", SkillFailedException.Reason.TIMEOUT, "wall-time limit");

    assertThat(wallet()).as("the time they used is charged").isLessThan(before);
    assertThat(control.status().coreServices()).allSatisfy(s -> assertThat(s.up()).isTrue());
  }

  @Test
  @Order(4)
  void pathEscapesAreRefusedAndNothingOutsideTheSandboxIsTouched() throws Exception {
    install("escape");
    shell.run("policy:grant escape 'host.*'");
    shell.run("policy:grant escape 'fs.read:**'");
    shell.run("policy:grant escape 'fs.write:**'");
    Path key = home.data().resolve("identity.key");
    byte[] keyBefore = Files.exists(key) ? Files.readAllBytes(key) : null;

    assertFails(
        "escape",
        SkillFailedException.Reason.REFUSED,
        "file_read '../../data/identity.key' refused");

    assertThat(Path.of("/etc/sovereign-escape")).doesNotExist();
    if (keyBefore != null) {
      assertThat(Files.readAllBytes(key)).isEqualTo(keyBefore);
    }
    assertThat(shell.run("policy:audit -n 50")).contains("\"subject\":\"escape\"");
  }

  @Test
  @Order(5)
  void aMediumTierConnectionWaitsForTheOperatorThenFetches() throws Exception {
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        exchange -> {
          byte[] body = "served on loopback".getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    server.start();
    try {
      install("fetch-url");
      int port = server.getAddress().getPort();
      shell.run("policy:grant fetch-url 'host.*'");
      shell.run("policy:grant fetch-url net.connect:127.0.0.1:" + port);
      String url = "http://127.0.0.1:" + port + "/";

      String pending =
          assertFails("fetch-url", url, SkillFailedException.Reason.REFUSED, "PENDING");
      Matcher id = Pattern.compile("PENDING (\\w+)").matcher(pending);
      assertThat(id.find()).as(pending).isTrue();
      shell.run("policy:approve " + id.group(1));

      assertThat(text(host.run("fetch-url", bytes(url)).output())).isEqualTo("served on loopback");
    } finally {
      server.stop(0);
    }
  }

  @Test
  @Order(6)
  void javaSkillsRunAndSeeNothingBeyondTheSkillsApi() throws Exception {
    install("java/greet");
    install("java/snoop");
    shell.run("policy:grant greet host.log");

    assertThat(text(host.run("greet", bytes("operator")).output())).isEqualTo("Hello, operator!");
    String snooped = text(host.run("snoop", new byte[0]).output());
    assertThat(snooped).startsWith("ledger=0 policy=0 bundles=");
    assertThat(host.skill("greet").orElseThrow().kind()).isEqualTo(SkillKind.JAVA);
  }

  @Test
  @Order(7)
  void aJavaSkillThatImportsTheLedgerApiNeverResolves() throws Exception {
    Bundle wiretap = context.installBundle(jar("java/wiretap").toUri().toString());
    try {
      assertThatThrownBy(wiretap::start).hasMessageContaining("sovereign.api.ledger");
      assertThat(wiretap.getState()).isEqualTo(Bundle.INSTALLED);
      assertThat(host.skill("wiretap")).isEmpty();
    } finally {
      wiretap.uninstall();
    }
  }

  @Test
  @Order(8)
  void stoppingASkillBundleUnloadsTheSkill() throws Exception {
    Bundle echo = install("echo");
    echo.stop();
    assertThat(host.skill("echo")).isEmpty();
    echo.start();
    assertThat(host.skill("echo")).isPresent();
  }

  @Test
  @Order(100)
  void theKillSwitchStopsARunningSkillAndHoldsAcrossARestartUntilResumed(
      @InjectService(timeout = TIMEOUT) KillSwitch killSwitch) throws Exception {
    install("spin");
    shell.run("policy:grant spin 'host.*'");
    Thread running =
        new Thread(
            () -> {
              try {
                host.run("spin", new byte[0]);
              } catch (Exception e) {
                failures.append(e.getMessage());
              }
            });
    running.start();
    Thread.sleep(300);
    try {
      shell.run("policy:halt itest");
      long halted = System.nanoTime();
      running.join(5000);
      assertThat(running.isAlive())
          .as(
              "the run is still going %d ms after the halt: %s",
              (System.nanoTime() - halted) / 1_000_000,
              java.util.Arrays.toString(running.getStackTrace()))
          .isFalse();
      assertThat((System.nanoTime() - halted) / 1_000_000).isLessThan(1000);
      assertThat(failures.toString()).contains("stopped by the kill switch");

      Bundle policy = bundle("sovereign.policy");
      policy.stop();
      policy.start();

      assertThat(awaitHalted()).isTrue();
      assertFails("spin", SkillFailedException.Reason.HALTED, "the kill switch is thrown: itest");
    } finally {
      String resumed = shell.run("policy:resume", identity.nodeId() + "\n");
      assertThat(resumed).contains("resumed");
    }
    assertThat(halted()).as("the restarted policy's kill switch").isFalse();
    assertThat(killSwitch.halted()).as("the instance from before the restart").isTrue();
  }

  private final StringBuffer failures = new StringBuffer();

  /** Waits up to the timeout for the current kill switch to be thrown. */
  private boolean awaitHalted() throws Exception {
    long end = System.currentTimeMillis() + TIMEOUT;
    while (!halted() && System.currentTimeMillis() < end) {
      Thread.sleep(20);
    }
    return halted();
  }

  /** Whether the kill switch registered now is thrown. */
  private boolean halted() {
    var ref = context.getServiceReference(KillSwitch.class);
    if (ref == null) {
      return false;
    }
    KillSwitch ks = context.getService(ref);
    try {
      return ks != null && ks.halted();
    } finally {
      context.ungetService(ref);
    }
  }

  private String assertFails(String skill, SkillFailedException.Reason reason, String message)
      throws Exception {
    return assertFails(skill, "", reason, message);
  }

  private String assertFails(
      String skill, String input, SkillFailedException.Reason reason, String message)
      throws Exception {
    SkillHost current = awaitHost();
    try {
      current.run(skill, bytes(input));
    } catch (SkillFailedException e) {
      assertThat(e.reason()).as(e.getMessage()).isEqualTo(reason);
      assertThat(e.getMessage()).contains(message);
      return e.getMessage();
    }
    throw new AssertionError(skill + " ran, but should have failed with " + reason);
  }

  private SkillHost awaitHost() throws Exception {
    long end = System.currentTimeMillis() + TIMEOUT;
    while (System.currentTimeMillis() < end) {
      var ref = context.getServiceReference(SkillHost.class);
      if (ref != null) {
        SkillHost h = context.getService(ref);
        if (h != null) {
          return h;
        }
      }
      Thread.sleep(20);
    }
    throw new AssertionError("no SkillHost service");
  }

  private Bundle install(String module) throws Exception {
    Path jar = jar(module);
    Bundle bundle = context.installBundle(jar.toUri().toString());
    bundle.start();
    String name = module.substring(module.lastIndexOf('/') + 1);
    long end = System.currentTimeMillis() + TIMEOUT;
    while (awaitHost().skill(name).filter(s -> s.ready()).isEmpty()) {
      if (System.currentTimeMillis() > end) {
        throw new AssertionError("skill " + name + " never loaded");
      }
      Thread.sleep(20);
    }
    return bundle;
  }

  private static Path jar(String module) {
    String name = module.substring(module.lastIndexOf('/') + 1);
    return Path.of(System.getProperty("sovereign.itest.skills"))
        .resolve(module)
        .resolve("target")
        .resolve(
            "sovereign.skill."
                + name
                + "-"
                + System.getProperty("sovereign.itest.version")
                + ".jar");
  }

  private Bundle bundle(String symbolicName) {
    for (Bundle b : context.getBundles()) {
      if (symbolicName.equals(b.getSymbolicName())) {
        return b;
      }
    }
    throw new AssertionError("no bundle " + symbolicName);
  }

  private long wallet() throws Exception {
    var ref = context.getServiceReference(Ledger.class);
    Ledger ledger = context.getService(ref);
    try {
      return ledger.wallet(identity.nodeId().toString()).balance(Currency.IPPC);
    } finally {
      context.ungetService(ref);
    }
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static String text(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }

  private static String sha256(String text) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes(text)));
  }
}
