import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Boot-time and idle-memory harness for the exported node jar (README, "Measure").
 *
 * <p>Run from the repository root after {@code ./mvnw package}: {@code java bench/BootBench.java
 * [runs]}. For each run it starts {@code java -jar bndrun/target/node.jar --headless} on one home
 * (the first run creates the node: keys and fingerprint), and reports the node's own "all core
 * services up N ms after JVM start", the wall time from process start until that line, and the
 * resident set size (VmRSS) of the idle node 5 s after it was ready.
 */
public class BootBench {

  private static final Pattern READY =
      Pattern.compile("node ready: all core services up (\\d+) ms after JVM start");

  public static void main(String[] args) throws Exception {
    int runs = args.length > 0 ? Integer.parseInt(args[0]) : 5;
    Path jar = Path.of("bndrun/target/node.jar");
    if (!Files.isRegularFile(jar)) {
      System.err.println("no " + jar + ": run ./mvnw -q -DskipTests package first");
      System.exit(1);
    }
    Path home = Files.createTempDirectory("sovereign-bench");
    List<Long> reported = new ArrayList<>();
    List<Long> wall = new ArrayList<>();
    List<Long> rss = new ArrayList<>();
    System.out.printf("%-4s %-6s %12s %12s %12s%n", "run", "boot", "ready (JVM)", "ready (wall)", "idle RSS");
    for (int i = 0; i <= runs; i++) {
      Path out = Files.createTempFile(home.getParent(), "bench", ".out");
      long start = System.nanoTime();
      Process p =
          new ProcessBuilder(
                  "java", "-jar", jar.toString(), "--home", home.toString(), "--headless",
                  "--ssh-port", "0")
              .redirectErrorStream(true)
              .redirectOutput(out.toFile())
              .start();
      try {
        long readyMs = -1;
        long wallMs = -1;
        while (p.isAlive() && System.nanoTime() - start < TimeUnit.SECONDS.toNanos(60)) {
          Matcher m = READY.matcher(Files.readString(out, StandardCharsets.UTF_8));
          if (m.find()) {
            wallMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            readyMs = Long.parseLong(m.group(1));
            break;
          }
          Thread.sleep(5);
        }
        if (readyMs < 0) {
          System.err.println("node did not become ready:\n" + Files.readString(out));
          System.exit(1);
        }
        Thread.sleep(5000);
        long rssKb = rssKb(p.pid());
        String kind = i == 0 ? "first" : "again";
        System.out.printf("%-4d %-6s %9d ms %9d ms %9.1f MB%n", i, kind, readyMs, wallMs, rssKb / 1024.0);
        if (i > 0) {
          reported.add(readyMs);
          wall.add(wallMs);
          rss.add(rssKb);
        }
      } finally {
        p.destroy();
        p.waitFor(30, TimeUnit.SECONDS);
        Files.deleteIfExists(out);
      }
    }
    System.out.printf(
        "median of %d boots of an existing node: ready %d ms after JVM start, %d ms wall;"
            + " idle RSS %.1f MB (targets: < 1500 ms, < 150 MB)%n",
        runs, median(reported), median(wall), median(rss) / 1024.0);
  }

  private static long rssKb(long pid) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    }
    throw new IOException("no VmRSS for " + pid);
  }

  private static long median(List<Long> values) {
    List<Long> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    return sorted.get(sorted.size() / 2);
  }
}
