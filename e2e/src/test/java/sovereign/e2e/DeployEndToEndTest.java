package sovereign.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Signed deployment on the exported node, as an operator works it over SSH: trust the publishers,
 * drop a signed skill into the drop folder, see it survive a restart, and kill the node with
 * SIGKILL in the middle of a deployment set at several moments: after each restart the set is
 * entirely applied or entirely not.
 */
class DeployEndToEndTest {

  private static final Path SIGNED = Path.of(System.getProperty("sovereign.signed.dir"));

  @TempDir Path tmp;

  private Path key;
  private Properties fixtures;

  @Test
  void aDroppedSkillSurvivesARestartAndAKilledUpdateIsAllOrNothing() throws Exception {
    assumeTrue(OperatorShell.available(), "needs the OpenSSH client (.ci/run installs it)");
    loadFixtures();
    Path home = tmp.resolve("home");
    key = OperatorShell.keygen(tmp, "operator");
    String builtin;

    try (RunningNode node = RunningNode.start(home, "--headless", "--ssh-port", "0")) {
      node.awaitReady();
      Path nodeHome = RunningNode.nodeHome(home);
      OperatorShell.authorize(home, key);
      String nodeId = RunningNode.nodeIds(home).get(0);
      OperatorShell.fundWallet(node, nodeHome, key, nodeId, 1000);
      int port = node.sshPort();

      // Trust the build's throwaway publishers: each asks for its fingerprint to be typed.
      for (String alias : new String[] {"skills-test", "core-test"}) {
        String scope = alias.startsWith("core") ? "core" : "skills";
        String sha = fixtures.getProperty("key." + alias + ".sha256");
        String added =
            ok(
                port,
                "trust:add --scope " + scope + " --alias " + alias + " " + fixture("key." + alias),
                sha.substring(0, 8) + "\n");
        assertThat(added).contains("trusted '" + alias + "' for " + scope);
      }

      // Drop a signed skill, written then renamed, and run it.
      Path part = nodeHome.resolve("deploy/echo.jar.part");
      Files.copy(fixture("skill.echo"), part);
      Files.move(part, nodeHome.resolve("deploy/echo.jar"), StandardCopyOption.ATOMIC_MOVE);
      node.awaitOutput("echo.jar: sovereign.skill.echo", Duration.ofSeconds(30));
      assertThat(ok(port, "deploy:list"))
          .contains("sovereign.skill.echo")
          .contains("drop:echo.jar");
      ok(port, "policy:grant echo 'host.*'");
      assertThat(ok(port, "skill:run echo dropped")).startsWith("dropped\n");
      builtin = version(ok(port, "deploy:list"), "sovereign.ledger");
      assertThat(node.terminate()).isZero();
    }

    // Nothing is lost on a restart: the dropped skill is installed again from deploy/state.json.
    for (long delay : new long[] {0, 150, 400, 900, 2000}) {
      try (RunningNode node = RunningNode.start(home, "--headless", "--ssh-port", "0")) {
        node.awaitReady();
        int port = node.sshPort();
        assertThat(ok(port, "skill:run echo back")).startsWith("back\n");
        Process apply = sshInBackground(port, "deploy:apply " + fixture("set.core-next"));
        Thread.sleep(delay);
        node.kill();
        apply.waitFor();
      }
      try (RunningNode node = RunningNode.start(home, "--headless", "--ssh-port", "0")) {
        node.awaitReady();
        int port = node.sshPort();
        String list = ok(port, "deploy:list");
        String ledger = version(list, "sovereign.ledger");
        String policy = version(list, "sovereign.policy");
        System.out.println(
            "killed " + delay + " ms into the set: ledger " + ledger + ", policy " + policy);
        assertThat(ledger).as("ledger and policy move together (%s)", list).isIn(builtin, "0.1.1");
        assertThat(policy).as("ledger and policy move together (%s)", list).isEqualTo(ledger);
        assertThat(RunningNode.nodeHome(home).resolve("deploy/journal.json")).doesNotExist();
        assertThat(ok(port, "ledger:verify")).doesNotContain("FAIL");
        assertThat(ok(port, "skill:run echo still")).startsWith("still\n");
        if (ledger.equals("0.1.1")) {
          ok(port, "deploy:rollback sovereign.ledger");
          ok(port, "deploy:rollback sovereign.policy");
        }
        assertThat(node.terminate()).isZero();
      }
    }
  }

  @Test
  void aNodeKilledWhileTheHealthGateWaitsComesBackEntirelyOnTheOldVersions() throws Exception {
    assumeTrue(OperatorShell.available(), "needs the OpenSSH client (.ci/run installs it)");
    loadFixtures();
    Path home = tmp.resolve("home");
    key = OperatorShell.keygen(tmp, "operator");
    String builtin;
    try (RunningNode node = RunningNode.start(home, "--headless", "--ssh-port", "0")) {
      node.awaitReady();
      OperatorShell.authorize(home, key);
      int port = node.sshPort();
      String sha = fixtures.getProperty("key.core-test.sha256");
      ok(port, "trust:add --scope core " + fixture("key.core-test"), sha.substring(0, 8) + "\n");
      builtin = version(ok(port, "deploy:list"), "sovereign.ledger");
      // The set updates policy (healthy), then ledger 0.1.3, whose health check never comes: the
      // gate waits, with policy already on 0.1.1. That is when the node dies.
      Process apply = sshInBackground(port, "deploy:apply " + fixture("set.core-bad"));
      node.awaitOutput("SET begun", Duration.ofSeconds(60));
      // The switch takes well under the gate's 10 s; the journal proves the kill lands inside.
      Thread.sleep(2500);
      assertThat(RunningNode.nodeHome(home).resolve("deploy/journal.json")).exists();
      node.kill();
      apply.waitFor();
    }
    try (RunningNode node = RunningNode.start(home, "--headless", "--ssh-port", "0")) {
      node.awaitReady();
      int port = node.sshPort();
      String list = ok(port, "deploy:list");
      assertThat(version(list, "sovereign.ledger")).isEqualTo(builtin);
      assertThat(version(list, "sovereign.policy")).isEqualTo(builtin);
      assertThat(RunningNode.nodeHome(home).resolve("deploy/journal.json")).doesNotExist();
      assertThat(ok(port, "deploy:history")).contains("ROLLED_BACK").contains("interrupted");
      assertThat(node.terminate()).isZero();
    }
  }

  private Process sshInBackground(int port, String command) throws Exception {
    return OperatorShell.sshInBackground(port, key, command, tmp.resolve("background.log"));
  }

  private void loadFixtures() throws Exception {
    fixtures = new Properties();
    try (InputStream in = Files.newInputStream(SIGNED.resolve("fixtures.properties"))) {
      fixtures.load(in);
    }
  }

  private Path fixture(String id) {
    return SIGNED.resolve(fixtures.getProperty(id + ".path"));
  }

  /** The VERSION column of a bundle's row in deploy:list. */
  private static String version(String list, String bundle) {
    Matcher m =
        Pattern.compile("(?m)^\\s*\\d+\\s+" + Pattern.quote(bundle) + "\\s+(\\S+)").matcher(list);
    assertThat(m.find()).as("%s in:%n%s", bundle, list).isTrue();
    return m.group(1);
  }

  private String ok(int port, String command) throws Exception {
    return ok(port, command, "");
  }

  private String ok(int port, String command, String stdin) throws Exception {
    OperatorShell.Result r = OperatorShell.ssh(port, key, command, stdin);
    assertThat(r.exitCode()).as("%s:%n%s", command, r.output()).isZero();
    return r.output();
  }
}
