package sovereign.policy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import sovereign.api.policy.Request;

/**
 * A measurement, not a test: policy decisions per second on the allow path (a granted LOW-tier host
 * function, audited), from one thread per core for a fixed time, after a warm-up. This is the
 * policy's share of a skill's host call; the skills host does not exist yet, so the "host
 * calls per second through the policy check" cannot be measured end to end. Run from the repository
 * root with {@code bench/policy.sh [seconds]}.
 */
public final class PolicyBench {

  public static void main(String[] args) throws Exception {
    int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
    int cores = Runtime.getRuntime().availableProcessors();
    Path dir = Files.createTempDirectory("policy-bench");
    try (PolicyNode node = new PolicyNode(dir.resolve("node"))) {
      node.start().grant("bench", "host.log");
      Request request = Request.host("log");
      run(node, request, 1, 2); // warm-up
      double one = run(node, request, 1, seconds);
      double all = run(node, request, cores, seconds);
      System.out.printf(
          "policy decisions (allow, audited): %.0f/s on 1 thread, %.0f/s on %d threads"
              + " (target for host calls through the check: 1000000/s)%n",
          one, all, cores);
    }
  }

  private static double run(PolicyNode node, Request request, int threads, int seconds)
      throws InterruptedException {
    LongAdder done = new LongAdder();
    long end = System.nanoTime() + seconds * 1_000_000_000L;
    List<Thread> workers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      Thread w =
          new Thread(
              () -> {
                long n = 0;
                while ((n & 1023) != 0 || System.nanoTime() < end) {
                  if (!node.policy.decide("bench", request).allowed()) {
                    throw new IllegalStateException("a granted request was refused");
                  }
                  n++;
                }
                done.add(n);
              });
      workers.add(w);
      w.start();
    }
    for (Thread w : workers) {
      w.join();
    }
    return done.sum() / (double) seconds;
  }
}
