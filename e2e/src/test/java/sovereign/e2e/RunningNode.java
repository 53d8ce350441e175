package sovereign.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** The exported node jar, started as a separate process the way an operator starts it. */
final class RunningNode implements AutoCloseable {

  static final Path JAR =
      Path.of(System.getProperty("sovereign.node.jar", "bndrun/target/node.jar"));

  private final Process process;
  private final Path output;
  private final Path home;

  private RunningNode(Process process, Path output, Path home) {
    this.process = process;
    this.output = output;
    this.home = home;
  }

  /** Starts {@code java -jar node.jar ARGS}, optionally behind a command prefix (e.g. unshare). */
  static RunningNode start(
      Path home, List<String> prefix, Map<String, String> environment, String... args)
      throws IOException {
    if (!Files.isRegularFile(JAR)) {
      throw new IllegalStateException("no node jar at " + JAR + ": run ./mvnw package first");
    }
    List<String> command = new ArrayList<>(prefix);
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-jar");
    command.add(JAR.toAbsolutePath().toString());
    command.add("--home");
    command.add(home.toString());
    command.addAll(List.of(args));
    Files.createDirectories(home);
    Path output = Files.createTempFile(home.getParent(), "node-", ".out");
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(output.toFile())
            .redirectInput(ProcessBuilder.Redirect.PIPE);
    builder.environment().remove("SOVEREIGN_HOME");
    builder.environment().remove("SOVEREIGN_PASSPHRASE");
    builder.environment().putAll(environment);
    return new RunningNode(builder.start(), output, home);
  }

  static RunningNode start(Path home, String... args) throws IOException {
    return start(home, List.of(), Map.of(), args);
  }

  /** Everything the node wrote to stdout and stderr so far. */
  String output() {
    try {
      return Files.readString(output, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Waits until the output contains the text; fails with the output if it does not in time. */
  void awaitOutput(String text, Duration timeout) throws InterruptedException {
    long end = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < end) {
      if (output().contains(text)) {
        return;
      }
      if (!process.isAlive()) {
        throw new AssertionError(
            "node exited with "
                + process.exitValue()
                + " before printing '"
                + text
                + "':\n"
                + output());
      }
      Thread.sleep(25);
    }
    throw new AssertionError("no '" + text + "' within " + timeout + ":\n" + output());
  }

  void awaitReady() throws InterruptedException {
    awaitOutput("node ready", Duration.ofSeconds(60));
  }

  /** Waits for the process to end by itself and returns its exit code. */
  int awaitExit(Duration timeout) throws InterruptedException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new AssertionError("node still running after " + timeout + ":\n" + output());
    }
    return process.exitValue();
  }

  /** SIGTERM, as a service manager stops it; returns the exit code. */
  int terminate() throws InterruptedException {
    process.destroy();
    return awaitExit(Duration.ofSeconds(30));
  }

  /** SIGKILL: the process gets no chance to clean up, as in a power cut. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      throw new AssertionError("node survived SIGKILL");
    }
  }

  long pid() {
    return process.pid();
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /**
   * The port of this process's SSH console, once it listens: the console writes {@code
   * data/ssh.port} before it logs that line, and after a crash the file names the old port until
   * then (docs/console.md).
   */
  int sshPort() throws Exception {
    awaitOutput("SSH console listening", Duration.ofSeconds(30));
    return Integer.parseInt(Files.readString(nodeHome(home).resolve("data/ssh.port")).strip());
  }

  /** The folder of the only node under a home. */
  static Path nodeHome(Path home) throws IOException {
    return home.resolve("nodes").resolve(nodeIds(home).get(0));
  }

  /** The IDs of the nodes under a home ({@code <home>/nodes/*}). */
  static List<String> nodeIds(Path home) throws IOException {
    Path nodes = home.resolve("nodes");
    if (!Files.isDirectory(nodes)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(nodes)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroyForcibly();
      try {
        process.waitFor(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
