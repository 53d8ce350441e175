package sovereign.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The example skills on the exported node, driven over SSH as an operator does: install the skill
 * bundles, grant their imports, run them (text, file input, a runaway loop stopped and charged),
 * and the kill switch stopping them across a restart until {@code policy:resume}.
 */
class SkillsEndToEndTest {

  private static final List<String> SKILLS = List.of("echo", "wordcount", "spin");

  /** {@code -- 12 ms, cost 0.0012 IPPC, 12 bytes out (skill-echo-...)}, as skill:run prints it. */
  private static final Pattern RUN_LINE =
      Pattern.compile(
          "(?m)^-- \\d+ ms, cost \\d+(\\.\\d+)? IPPC, (\\d+) bytes? out \\(skill-(\\w+)-[0-9a-f-]+\\)$");

  private static final Pattern IPPC_BALANCE =
      Pattern.compile("(?m)^IPPC\\s+(-?\\d+(?:\\.\\d+)?)(?:\\s|$)");

  @TempDir Path tmp;

  private Path key;

  @Test
  void skillsRunUnderGrantsLimitsMeteringAndTheKillSwitchAcrossARestart() throws Exception {
    assumeTrue(OperatorShell.available(), "needs the OpenSSH client (.ci/run installs it)");
    for (String skill : SKILLS) {
      assertThat(skillJar(skill))
          .as("the %s skill bundle (built before e2e)", skill)
          .isRegularFile();
    }
    Path home = tmp.resolve("home");
    key = OperatorShell.keygen(tmp, "operator");
    String nodeId;

    try (RunningNode node = RunningNode.start(home, "--headless", "--ssh-port", "0")) {
      node.awaitReady();
      nodeId = RunningNode.nodeIds(home).get(0);
      Path data = RunningNode.nodeHome(home).resolve("data");
      Path keys = data.resolve("authorized_keys");
      Files.copy(Path.of(key + ".pub"), keys);
      Files.setPosixFilePermissions(keys, PosixFilePermissions.fromString("rw-------"));
      // 1. Fund the node's wallet: the node is its own mint authority. 1000 IPPC, not 100: a
      // wallet below the WORKER floor (100 IPPC by default) may not run exploratory skills.
      OperatorShell.fundWallet(node, RunningNode.nodeHome(home), key, nodeId, 1000);
      int port = node.sshPort();
      assertThat(ippc(ok(port, "ledger:balance"))).isEqualByComparingTo("1000");

      // 2. Install the skill bundles with Gogo's install.
      installSkills(port);

      // 3. No grant, no run: the first import is refused; then grant the host imports.
      OperatorShell.Result refused = ssh(port, "skill:run echo hello");
      System.out.println(
          "$ skill:run echo hello\n" + refused.output() + "[exit " + refused.exitCode() + "]");
      assertThat(refused.exitCode()).as(refused.output()).isNotZero();
      assertThat(refused.output()).contains("not granted").contains("host.input_size");
      for (String skill : List.of("echo", "wordcount")) {
        for (String capability :
            List.of("host.input_size", "host.input_read", "host.output_write")) {
          ok(port, "policy:grant " + skill + " " + capability);
        }
      }
      String echoed = ok(port, "skill:run echo 'hello, swarm'");
      assertThat(echoed).startsWith("hello, swarm\n");
      assertRunLine(echoed, "echo", "hello, swarm".length());

      String text = "the quick brown fox\njumps over\n  the lazy dog  \n\nend of\tfile";
      Path input = tmp.resolve("words.txt");
      Files.writeString(input, text, StandardCharsets.US_ASCII);
      String counted = ok(port, "skill:run -f " + input.toAbsolutePath() + " wordcount");
      String expected = wordcount(text);
      assertThat(expected)
          .isEqualTo("{\"bytes\":60,\"chars\":60,\"words\":12,\"lines\":5,\"longestLine\":19}");
      assertThat(counted).startsWith(expected + "\n");
      assertRunLine(counted, "wordcount", expected.length());
      BigDecimal afterEcho = ippc(ok(port, "ledger:balance"));
      assertThat(afterEcho).isLessThan(new BigDecimal("1000"));

      // 4. A runaway skill is stopped at its wall-time limit, charged, and the node stays up.
      OperatorShell.Result spun = ssh(port, "skill:run spin");
      System.out.println("$ skill:run spin\n" + spun.output() + "[exit " + spun.exitCode() + "]");
      assertThat(spun.exitCode()).as(spun.output()).isNotZero();
      assertThat(spun.output()).contains("wall-time limit");
      assertAllCoreServicesUp(ok(port, "node:status"));
      BigDecimal afterSpin = ippc(ok(port, "ledger:balance"));
      assertThat(afterSpin).as("the 2 s of spin are charged").isLessThan(afterEcho);

      // 5. The kill switch stops every run...
      ok(port, "policy:halt e2e");
      assertHalted(port);
      assertThat(node.terminate()).isZero();
    }

    // ...across a restart, until the operator lifts it by typing the NodeID.
    try (RunningNode node = RunningNode.start(home, "--headless", "--ssh-port", "0")) {
      node.awaitReady();
      int port = node.sshPort();
      String listed = ok(port, "skill:list");
      if (!listed.contains("echo")) {
        // The exported node starts with a clean framework cache (launch.keep=false): bundles
        // installed with Gogo's install are gone after a restart and are installed again.
        System.out.println("skills installed with install do not survive a restart: reinstalling");
        installSkills(port);
      }
      assertHalted(port);

      OperatorShell.Result resumed = sshWithInput(port, "policy:resume", nodeId + "\n");
      assertThat(resumed.exitCode()).as(resumed.output()).isZero();
      assertThat(resumed.output()).contains(nodeId).contains("resumed");
      String echoed = ok(port, "skill:run echo x");
      assertThat(echoed).startsWith("x\n");
      assertRunLine(echoed, "echo", 1);
      assertThat(node.terminate()).isZero();
    }
  }

  private void installSkills(int port) throws Exception {
    for (String skill : SKILLS) {
      // Gogo's install (org.apache.felix.gogo.command 1.1.2) has no -s: "install -s URL" takes
      // -s for a URL, drops its error and leaves the bundle INSTALLED. Install, then start by ID.
      String installed = ok(port, "install file:" + skillJar(skill).toAbsolutePath());
      Matcher id = Pattern.compile("Bundle ID: (\\d+)").matcher(installed);
      assertThat(id.find()).as("install %s: %s", skill, installed).isTrue();
      ok(port, "start " + id.group(1));
    }
    String listed = "";
    for (int i = 0; i < 50 && !SKILLS.stream().allMatch(listed::contains); i++) {
      Thread.sleep(i == 0 ? 0 : 100);
      listed = ok(port, "skill:list");
    }
    for (String skill : SKILLS) {
      assertThat(listed).containsPattern("(?m)^" + skill + "\\s+WASM\\s");
    }
  }

  private void assertHalted(int port) throws Exception {
    OperatorShell.Result halted = ssh(port, "skill:run echo x");
    System.out.println(
        "$ skill:run echo x\n" + halted.output() + "[exit " + halted.exitCode() + "]");
    assertThat(halted.exitCode()).as(halted.output()).isNotZero();
    assertThat(halted.output()).contains("kill switch").contains("e2e");
  }

  private static void assertRunLine(String output, String skill, int bytesOut) {
    Matcher m = RUN_LINE.matcher(output);
    assertThat(m.find()).as("a run line in:\n" + output).isTrue();
    assertThat(m.group(2)).isEqualTo(Integer.toString(bytesOut));
    assertThat(m.group(3)).isEqualTo(skill);
  }

  /** node:status: RUNNING, and every line of its core service table says up. */
  private static void assertAllCoreServicesUp(String status) {
    assertThat(status).startsWith("state: RUNNING");
    List<String> lines = status.lines().toList();
    int header = -1;
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).startsWith("CORE SERVICE")) {
        header = i;
      }
    }
    assertThat(header).as(status).isNotNegative();
    List<String> services = lines.subList(header + 1, lines.size());
    assertThat(services)
        .as(status)
        .anyMatch(l -> l.startsWith("sovereign.api.identity.NodeIdentity"))
        .anyMatch(l -> l.startsWith("sovereign.api.ledger.Ledger"))
        .anyMatch(l -> l.startsWith("sovereign.api.policy.Policy"))
        .anyMatch(l -> l.startsWith("sovereign.api.skills.SkillHost"))
        .allSatisfy(l -> assertThat(l.split("\\s+")[2]).as(l).isEqualTo("yes"));
  }

  /** The IPPC balance that ledger:balance prints. */
  private static BigDecimal ippc(String balance) {
    Matcher m = IPPC_BALANCE.matcher(balance);
    assertThat(m.find()).as("an IPPC row in:\n" + balance).isTrue();
    return new BigDecimal(m.group(1));
  }

  /**
   * What the wordcount skill prints for ASCII text: bytes, chars, words (runs of non-whitespace),
   * lines (line feeds, plus one for an unterminated last line), the longest line.
   */
  static String wordcount(String ascii) {
    int words = 0;
    boolean inWord = false;
    for (char c : ascii.toCharArray()) {
      boolean space = c == ' ' || c == '\t' || c == '\n' || c == 0x0b || c == '\f' || c == '\r';
      if (!space && !inWord) {
        words++;
      }
      inWord = !space;
    }
    String[] lines = ascii.split("\n", -1);
    int count = lines.length - 1 + (ascii.isEmpty() || ascii.endsWith("\n") ? 0 : 1);
    int longest = 0;
    for (String line : lines) {
      longest = Math.max(longest, line.length());
    }
    return String.format(
        "{\"bytes\":%d,\"chars\":%d,\"words\":%d,\"lines\":%d,\"longestLine\":%d}",
        ascii.length(), ascii.length(), words, count, longest);
  }

  private static Path skillJar(String skill) {
    Path dir = Path.of(System.getProperty("sovereign.skills.dir", "../skills"));
    String version = System.getProperty("sovereign.version", "0.1.0-SNAPSHOT");
    return dir.resolve(skill)
        .resolve("target")
        .resolve("sovereign.skill." + skill + "-" + version + ".jar");
  }

  private OperatorShell.Result ssh(int port, String command) throws Exception {
    return OperatorShell.ssh(port, key, command);
  }

  /** Runs the command, prints it with its output, and fails unless it succeeds. */
  private String ok(int port, String command) throws Exception {
    OperatorShell.Result r = ssh(port, command);
    if (command.startsWith("skill:run")) {
      System.out.println("$ " + command + "\n" + r.output() + "[exit " + r.exitCode() + "]");
    }
    assertThat(r.exitCode()).as("%s:\n%s", command, r.output()).isZero();
    return r.output();
  }

  /** {@code ssh ... COMMAND} with the given text on its standard input (a typed answer). */
  private OperatorShell.Result sshWithInput(int port, String command, String stdin)
      throws Exception {
    return OperatorShell.ssh(port, key, command, stdin);
  }
}
