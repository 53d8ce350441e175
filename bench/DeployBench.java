import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Deployment harness for the exported node jar (README, "Measure"; docs/deploy.md, "Measured").
 *
 * <p>Run from the repository root after {@code ./mvnw package}: {@code java bench/DeployBench.java
 * [rounds]}. It starts a node, trusts the build's throwaway publishers, installs the echo skill, and
 * keeps one caller busy running it over one SSH shell session, one call after the other. Meanwhile,
 * for each round, it replaces the ledger bundle with a signed 0.1.1 copy and rolls it back
 * (deploy:update, deploy:rollback), then updates it to a copy that cannot start (rolled back by
 * the deployer on its own). It prints the deployer's own time for each, from start to healthy or to
 * rolled back, and what the caller saw: failed calls and its longest call during the swaps against
 * its median outside them.
 */
public class DeployBench {

  private static final Pattern MILLIS = Pattern.compile("\\(tx-[0-9-]+, (\\d+) ms\\)");

  private static Path key;
  private static int port;

  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
    Path jar = Path.of("bndrun/target/node.jar");
    Path signed = Path.of("skills/signed/target/signed");
    if (!Files.isRegularFile(jar) || !Files.isDirectory(signed)) {
      System.err.println("run ./mvnw -q -DskipTests package first");
      System.exit(1);
    }
    Properties fixtures = new Properties();
    try (InputStream in = Files.newInputStream(signed.resolve("fixtures.properties"))) {
      fixtures.load(in);
    }
    Path tmp = Files.createTempDirectory("sovereign-deploy-bench");
    Path home = tmp.resolve("home");
    key = tmp.resolve("operator");
    run(List.of("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", key.toString()), "");
    Path log = tmp.resolve("node.out");
    Process node =
        new ProcessBuilder(
                "java", "-jar", jar.toString(), "--home", home.toString(), "--headless",
                "--ssh-port", "0")
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    try {
      await(log, "SSH console listening");
      Path nodeHome;
      try (var nodes = Files.list(home.resolve("nodes"))) {
        nodeHome = nodes.findFirst().orElseThrow();
      }
      Path keys = nodeHome.resolve("data/authorized_keys");
      Files.copy(Path.of(key + ".pub"), keys);
      Files.setPosixFilePermissions(keys, PosixFilePermissions.fromString("rw-------"));
      port = Integer.parseInt(Files.readString(nodeHome.resolve("data/ssh.port")).strip());
      Path config = Files.createDirectories(nodeHome.resolve("data/config"));
      Files.writeString(config.resolve("ledger.draft"), "{\"mintAuthorities\": [\"self\"]}");
      Files.move(
          config.resolve("ledger.draft"),
          config.resolve("sovereign.ledger.json"),
          StandardCopyOption.ATOMIC_MOVE);
      await(log, "configuration sovereign.ledger applied");
      String nodeId = nodeHome.getFileName().toString();
      shell("ledger:mint " + nodeId + " 100000 IPPC", "");
      for (String alias : new String[] {"skills-test", "core-test"}) {
        String sha = fixtures.getProperty("key." + alias + ".sha256");
        shell(
            "trust:add --scope "
                + (alias.startsWith("core") ? "core" : "skills")
                + " "
                + signed.resolve(fixtures.getProperty("key." + alias + ".path")).toAbsolutePath(),
            sha.substring(0, 8) + "\n");
      }
      shell("deploy:install " + fixture(signed, fixtures, "skill.echo"), "");
      shell("policy:grant echo 'host.*'", "");
      String next = fixture(signed, fixtures, "core.ledger");
      String broken = fixture(signed, fixtures, "fault.ledger-nostart");

      Caller caller = new Caller();
      caller.start();
      Thread.sleep(2000);
      List<Long> updates = new ArrayList<>();
      List<Long> rollbacks = new ArrayList<>();
      List<Long> automatic = new ArrayList<>();
      for (int i = 0; i < rounds; i++) {
        caller.swapping.set(true);
        updates.add(millis(shell("deploy:update sovereign.ledger " + next, "")));
        rollbacks.add(millis(shell("deploy:rollback sovereign.ledger", "")));
        automatic.add(millis(shellFailing("deploy:update sovereign.ledger " + broken)));
        caller.swapping.set(false);
        Thread.sleep(500);
      }
      caller.stop();

      System.out.printf("%d rounds, each: update ledger to 0.1.1, roll back, update to a copy that"
          + " cannot start%n", rounds);
      System.out.printf("%-38s %8s %8s %8s%n", "deployer time (ms)", "median", "p90", "max");
      print("update to healthy", updates);
      print("rollback (deploy:rollback)", rollbacks);
      print("automatic rollback (start failed)", automatic);
      System.out.printf(
          "caller: %d calls, %d failed; median call %d ms outside swaps, longest call %d ms"
              + " during swaps (%d calls during swaps)%n",
          caller.calls.get(),
          caller.failures.size(),
          percentile(caller.outside, 50),
          caller.during.isEmpty() ? 0 : Collections.max(caller.during),
          caller.during.size());
      for (String f : caller.failures.subList(0, Math.min(3, caller.failures.size()))) {
        System.out.println("  failed: " + f);
      }
    } finally {
      node.destroy();
      node.waitFor(30, TimeUnit.SECONDS);
    }
  }

  /** One SSH shell session running skill:run echo, one call after the other. */
  static final class Caller {
    final AtomicBoolean swapping = new AtomicBoolean();
    final AtomicBoolean stopped = new AtomicBoolean();
    final AtomicInteger calls = new AtomicInteger();
    final List<Long> during = new CopyOnWriteArrayList<>();
    final List<Long> outside = new CopyOnWriteArrayList<>();
    final List<String> failures = new CopyOnWriteArrayList<>();
    private Process ssh;
    private Thread thread;

    void start() throws IOException {
      ssh = new ProcessBuilder(sshCommand(null)).redirectErrorStream(true).start();
      OutputStream in = ssh.getOutputStream();
      BufferedReader out =
          new BufferedReader(new InputStreamReader(ssh.getInputStream(), StandardCharsets.UTF_8));
      thread =
          new Thread(
              () -> {
                try {
                  while (!stopped.get()) {
                    boolean swap = swapping.get();
                    long start = System.nanoTime();
                    in.write("skill:run echo ping\n".getBytes(StandardCharsets.UTF_8));
                    in.flush();
                    String line;
                    StringBuilder seen = new StringBuilder();
                    while ((line = out.readLine()) != null) {
                      seen.append(line).append('\n');
                      if (line.contains("-- ") && line.contains(" ms, cost ")) {
                        break;
                      }
                      if (line.contains("Exception") || line.contains("skill echo")) {
                        failures.add(line);
                        break;
                      }
                    }
                    if (line == null) {
                      failures.add("session ended: " + seen);
                      return;
                    }
                    long ms = (System.nanoTime() - start) / 1_000_000;
                    calls.incrementAndGet();
                    (swap || swapping.get() ? during : outside).add(ms);
                  }
                } catch (IOException e) {
                  failures.add(e.toString());
                }
              });
      thread.start();
    }

    void stop() throws InterruptedException {
      stopped.set(true);
      thread.join(30_000);
      ssh.destroy();
    }
  }

  private static void print(String what, List<Long> values) {
    System.out.printf(
        "%-38s %8d %8d %8d%n",
        what,
        percentile(values, 50),
        percentile(values, 90),
        Collections.max(values));
  }

  private static long percentile(List<Long> values, int p) {
    List<Long> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    return sorted.isEmpty() ? 0 : sorted.get(Math.min(sorted.size() - 1, sorted.size() * p / 100));
  }

  private static long millis(String output) {
    Matcher m = MILLIS.matcher(output);
    if (!m.find()) {
      throw new IllegalStateException("no transaction time in: " + output);
    }
    return Long.parseLong(m.group(1));
  }

  private static String fixture(Path signed, Properties fixtures, String id) {
    return signed.resolve(fixtures.getProperty(id + ".path")).toAbsolutePath().toString();
  }

  private static String shell(String command, String stdin) throws Exception {
    String[] result = run(sshCommand(command), stdin);
    if (!result[0].equals("0")) {
      throw new IllegalStateException(command + " failed:\n" + result[1]);
    }
    return result[1];
  }

  private static String shellFailing(String command) throws Exception {
    String[] result = run(sshCommand(command), "");
    if (result[0].equals("0")) {
      throw new IllegalStateException(command + " should have been rolled back:\n" + result[1]);
    }
    return result[1];
  }

  private static List<String> sshCommand(String command) {
    List<String> cmd =
        new ArrayList<>(
            List.of(
                "ssh", "-T", "-p", Integer.toString(port), "-i", key.toString(), "-o",
                "BatchMode=yes", "-o", "IdentitiesOnly=yes", "-o", "StrictHostKeyChecking=no", "-o",
                "UserKnownHostsFile=/dev/null", "-o", "LogLevel=ERROR", "admin@127.0.0.1"));
    if (command != null) {
      cmd.add(command);
    }
    return cmd;
  }

  private static String[] run(List<String> command, String stdin) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    try (OutputStream in = p.getOutputStream()) {
      in.write(stdin.getBytes(StandardCharsets.UTF_8));
    }
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor();
    return new String[] {Integer.toString(p.exitValue()), out};
  }

  private static void await(Path log, String text) throws Exception {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < end) {
      if (Files.exists(log) && Files.readString(log).contains(text)) {
        return;
      }
      Thread.sleep(50);
    }
    throw new IllegalStateException("no '" + text + "' in " + log + ":\n" + Files.readString(log));
  }
}
