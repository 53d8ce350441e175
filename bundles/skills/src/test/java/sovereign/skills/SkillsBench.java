package sovereign.skills;

import com.dylibso.chicory.wabt.Wat2Wasm;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.function.LongSupplier;
import sovereign.api.policy.Policy;

/**
 * A measurement, not a test: the three targets of the WASM skills host, measured in one run and
 * printed with PASS or FAIL.
 *
 * <ul>
 *   <li>sha256 throughput: the sha256 skill (FIPS SHA-256 in WebAssembly, compiled to JVM bytecode
 *       by Chicory) hashing 16 MiB through the whole run path, against the same algorithm written
 *       plainly in Java ({@link PlainSha256}); target: at most 3x slower. The JDK's MessageDigest
 *       (CPU intrinsics) is printed for information.
 *   <li>Instantiation of a precompiled module (median and p99) and a full run of an echo module
 *       (link check, instance, the run's own thread); target: instantiation under 1 ms.
 *   <li>Host calls per second through the real policy service (bundles/policy, wired without a
 *       framework, every decision evaluated and audited): {@code env.input_size} in a loop; target:
 *       at least 1,000,000/s. A minimal allow-list policy is printed beside it for information.
 * </ul>
 *
 * <p>Method: warm-up runs first, then {@code rounds} measured rounds, the median reported. Run from
 * the repository root with {@code bench/skills.sh [rounds]}.
 *
 * <p>Arguments: the sha256 skill's .wasm file, rounds (default 5).
 */
public final class SkillsBench {

  private static final double MB = 1e6;
  private static final int SHA_INPUT = 16 << 20;
  private static final int WARMUP = 3;
  private static final int INSTANCES = 20_000;
  private static final int ECHO_RUNS = 2_000;
  private static final int HOST_CALLS = 5_000_000;
  private static final double SHA_TARGET = 3.0;
  private static final double INSTANCE_TARGET_MICROS = 1000;
  private static final double CALLS_TARGET = 1_000_000;
  private static final String SUBJECT = "bench";

  private static final String ECHO =
      """
      (module
        (import "env" "input_size" (func $size (result i32)))
        (import "env" "input_read" (func $read (param i32 i32) (result i32)))
        (import "env" "output_write" (func $write (param i32 i32)))
        (memory 1)
        (func (export "run") (local $n i32)
          (local.set $n (call $read (i32.const 0) (call $size)))
          (call $write (i32.const 0) (local.get $n))))
      """;

  /** Reads n (i32, little-endian) from its input, calls input_size n times, writes the sum. */
  private static final String CALLS =
      """
      (module
        (import "env" "input_size" (func $size (result i32)))
        (import "env" "input_read" (func $read (param i32 i32) (result i32)))
        (import "env" "output_write" (func $write (param i32 i32)))
        (memory 1)
        (func (export "run") (local $n i32) (local $sum i32)
          (drop (call $read (i32.const 0) (i32.const 4)))
          (local.set $n (i32.load (i32.const 0)))
          (block $done
            (loop $next
              (br_if $done (i32.eqz (local.get $n)))
              (local.set $sum (i32.add (local.get $sum) (call $size)))
              (local.set $n (i32.sub (local.get $n) (i32.const 1)))
              (br $next)))
          (i32.store (i32.const 0) (local.get $sum))
          (call $write (i32.const 0) (i32.const 4))))
      """;

  private static final String[] IO = {"host.input_size", "host.input_read", "host.output_write"};

  public static void main(String[] args) throws Exception {
    if (args.length < 1) {
      throw new IllegalArgumentException("usage: SkillsBench <sha256.wasm> [rounds]");
    }
    byte[] shaWasm = Files.readAllBytes(Path.of(args[0]));
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    Path dir = Files.createTempDirectory("skills-bench");
    System.out.printf(
        "cores: %d, JVM: %s %s (%s), rounds: %d after %d warm-up runs%n",
        Runtime.getRuntime().availableProcessors(),
        System.getProperty("java.vm.name"),
        System.getProperty("java.runtime.version"),
        System.getProperty("java.vm.vendor"),
        rounds,
        WARMUP);
    HttpEgress http = new HttpEgress(1 << 16, Duration.ofSeconds(1));
    try (RealPolicy real = new RealPolicy(dir.resolve("node"))) {
      real.grant(SUBJECT, "host.*");
      System.out.println(
          "policy for host calls: the real PolicyService (bundles/policy) with its grant store,"
              + " kill switch and audit log, wired without a framework; grant "
              + SUBJECT
              + " host.*; audit log "
              + real.auditFile);
      System.out.println();
      Table table = new Table();
      double ratio = sha256(table, shaWasm, rounds, http);
      double[] inst = instantiation(table, real.policy(), http);
      double calls = hostCalls(table, real.policy(), rounds, http, "real policy");
      FakePolicy fake = new FakePolicy().grant(SUBJECT, IO);
      hostCalls(table, new AllowListPolicy(fake), rounds, http, "minimal allow-list, information");
      table.print();
      System.out.println();
      verdict(
          ratio <= SHA_TARGET,
          "sha256: plain Java / skill = %.2fx (target <= %.0fx)",
          ratio,
          SHA_TARGET);
      verdict(
          inst[0] < INSTANCE_TARGET_MICROS,
          "instantiation of a precompiled skill: median %.1f us, p99 %.1f us (target median < %.0f"
              + " us)",
          inst[0],
          inst[1],
          INSTANCE_TARGET_MICROS);
      verdict(
          calls >= CALLS_TARGET,
          "host calls through the real policy check: %,.0f/s (target >= %,.0f/s)",
          calls,
          CALLS_TARGET);
      List<String> problems = real.logged();
      if (!problems.isEmpty()) {
        System.out.println("policy log: " + problems);
      }
    } finally {
      http.close();
    }
  }

  private static void verdict(boolean pass, String format, Object... args) {
    System.out.println((pass ? "PASS  " : "FAIL  ") + String.format(format, args));
  }

  /** Returns plain Java MB/s over skill MB/s. */
  private static double sha256(Table table, byte[] wasm, int rounds, HttpEgress http)
      throws Exception {
    byte[] input = new byte[SHA_INPUT];
    new Random(42).nextBytes(input);
    byte[] expected = MessageDigest.getInstance("SHA-256").digest(input);
    String hex = HexFormat.of().formatHex(expected);
    if (!Arrays.equals(PlainSha256.digest(input), expected)) {
      throw new IllegalStateException("PlainSha256 disagrees with MessageDigest");
    }
    for (int len : new int[] {0, 1, 55, 56, 63, 64, 65, 119, 120, 1000}) {
      byte[] small = Arrays.copyOf(input, len);
      if (!Arrays.equals(
          PlainSha256.digest(small), MessageDigest.getInstance("SHA-256").digest(small))) {
        throw new IllegalStateException("PlainSha256 disagrees with MessageDigest at " + len);
      }
    }
    FakePolicy policy = new FakePolicy().grant(SUBJECT, IO);
    HostServices host = host(policy, http);
    WasmRunner runner = new WasmRunner(host, new RunningThreads());
    CompiledModule compiled = CompiledModule.compile(wasm);
    Limits limits = new Limits(Duration.ofSeconds(60), 300, SHA_INPUT + 1024, 64, 1 << 20);
    LongSupplier skill =
        () -> {
          byte[] out = run(runner, compiled, input, limits);
          if (!new String(out, StandardCharsets.US_ASCII).equals(hex)) {
            throw new IllegalStateException("the sha256 skill output " + Arrays.toString(out));
          }
          return SHA_INPUT;
        };
    LongSupplier plain = () -> check(PlainSha256.digest(input), expected);
    LongSupplier jdk = () -> check(sha(input), expected);
    // Each round times the three back to back, so that each ratio compares runs moments apart.
    double[][] r = rates(rounds, skill, plain, jdk);
    double[] ratios = new double[rounds];
    for (int i = 0; i < rounds; i++) {
      ratios[i] = r[1][i] / r[0][i];
    }
    double s = median(r[0]);
    double p = median(r[1]);
    double j = median(r[2]);
    double ratio = median(ratios);
    String in = "16 MiB random input, MB/s (10^6 bytes/s), median";
    table.row("sha256 skill (WASM, Chicory compiler, full run)", s / MB, "MB/s", in);
    table.row("sha256 plain Java, same algorithm (PlainSha256)", p / MB, "MB/s", in);
    table.row("sha256 MessageDigest (intrinsics, information)", j / MB, "MB/s", in);
    table.row("  ratio plain Java / skill", ratio, "x", "median of the rounds' ratios");
    return ratio;
  }

  /** Median and p99 instantiation in microseconds; adds the echo run's median to the table. */
  private static double[] instantiation(Table table, Policy policy, HttpEgress http)
      throws Exception {
    CompiledModule echo = CompiledModule.compile(Wat2Wasm.parse(ECHO));
    Limits limits = new Limits(Duration.ofSeconds(5), 16, 1024, 1024, 1 << 20);
    HostServices host = host(policy, http);
    byte[] input = "hello, skill".getBytes(StandardCharsets.UTF_8);
    HostAbi abi = new HostAbi(host, SUBJECT, "bench", input, limits, Requested.ALL);
    long sink = 0;
    long[] times = new long[INSTANCES];
    for (int pass = 0; pass < 2; pass++) { // the first pass warms up
      for (int i = 0; i < INSTANCES; i++) {
        long t0 = System.nanoTime();
        sink += WasmRunner.instantiate(echo, abi, limits).memory().pages();
        times[i] = System.nanoTime() - t0;
      }
    }
    Arrays.sort(times);
    double median = times[INSTANCES / 2] / 1e3;
    double p99 = times[(int) (INSTANCES * 0.99)] / 1e3;
    WasmRunner runner = new WasmRunner(host, new RunningThreads());
    long[] runs = new long[ECHO_RUNS];
    for (int pass = 0; pass < 2; pass++) {
      for (int i = 0; i < ECHO_RUNS; i++) {
        long t0 = System.nanoTime();
        byte[] out = run(runner, echo, input, limits);
        runs[i] = System.nanoTime() - t0;
        sink += out.length == input.length ? 0 : 1;
      }
    }
    if (sink != 2L * INSTANCES) {
      throw new IllegalStateException("unexpected instances or echo output");
    }
    Arrays.sort(runs);
    String n = INSTANCES + " instances after as many warm-up";
    table.row("instantiate precompiled echo, median", median, "us", n);
    table.row("instantiate precompiled echo, p99", p99, "us", n);
    table.row(
        "full run of echo, median (check, instance, thread)",
        runs[ECHO_RUNS / 2] / 1e3,
        "us",
        ECHO_RUNS + " runs after as many warm-up, real policy");
    return new double[] {median, p99};
  }

  /** Host calls per second through {@code policy}, the median of the rounds. */
  private static double hostCalls(
      Table table, Policy policy, int rounds, HttpEgress http, String label) throws Exception {
    CompiledModule calls = CompiledModule.compile(Wat2Wasm.parse(CALLS));
    WasmRunner runner = runner(policy, http);
    Limits limits = new Limits(Duration.ofSeconds(60), 16, 16, 16, 1 << 20);
    byte[] input = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(HOST_CALLS).array();
    int expected = 4 * HOST_CALLS;
    LongSupplier run =
        () -> {
          byte[] out = run(runner, calls, input, limits);
          if (ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN).getInt() != expected) {
            throw new IllegalStateException("the loop made the wrong number of calls");
          }
          return HOST_CALLS; // and input_read, output_write: 2 more, not counted
        };
    double rate = rate(run, rounds);
    table.row(
        "host calls env.input_size (" + label + ")",
        rate,
        "calls/s",
        String.format("%,d calls a run, median", HOST_CALLS));
    return rate;
  }

  /** Units per second of {@code work} (which returns its units): warm-up, then the median. */
  private static double rate(LongSupplier work, int rounds) {
    return median(rates(rounds, work)[0]);
  }

  /**
   * Units per second of each of {@code works} in each round, after warm-up runs of each; in a round
   * the works run one after the other.
   */
  private static double[][] rates(int rounds, LongSupplier... works) {
    for (LongSupplier work : works) {
      for (int i = 0; i < WARMUP; i++) {
        work.getAsLong();
      }
    }
    double[][] rates = new double[works.length][rounds];
    for (int i = 0; i < rounds; i++) {
      for (int w = 0; w < works.length; w++) {
        long t0 = System.nanoTime();
        long units = works[w].getAsLong();
        rates[w][i] = units / ((System.nanoTime() - t0) / 1e9);
      }
    }
    return rates;
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }

  private static long check(byte[] digest, byte[] expected) {
    if (!Arrays.equals(digest, expected)) {
      throw new IllegalStateException("wrong digest");
    }
    return SHA_INPUT;
  }

  private static byte[] sha(byte[] input) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(input);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] run(WasmRunner runner, CompiledModule module, byte[] input, Limits limits) {
    try {
      return runner
          .run(new WasmRunner.Call(SUBJECT, module, "run", input, limits, Requested.ALL, "bench"))
          .output();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static WasmRunner runner(Policy policy, HttpEgress http) {
    return new WasmRunner(host(policy, http), new RunningThreads());
  }

  private static HostServices host(Policy policy, HttpEgress http) {
    return new HostServices(
        policy, new SandboxFiles(policy, 1 << 20), http, () -> 0, (s, l) -> {}, 100);
  }

  /** Rows of measure, value, unit, note, printed aligned. */
  private static final class Table {
    private final StringBuilder rows = new StringBuilder();

    void row(String measure, double value, String unit, String note) {
      String v = value >= 1000 ? String.format("%,.0f", value) : String.format("%.2f", value);
      rows.append(String.format("%-54s %14s %-8s %s%n", measure, v, unit, note));
    }

    void print() {
      System.out.printf("%-54s %14s %-8s %s%n", "measure", "value", "unit", "how");
      System.out.print(rows);
    }
  }
}
