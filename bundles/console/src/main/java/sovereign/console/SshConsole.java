package sovereign.console;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.apache.felix.service.command.CommandProcessor;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;
import org.osgi.service.metatype.annotations.Designate;
import sovereign.api.identity.NodeHome;
import sovereign.api.node.LaunchOptions;

/**
 * SSH access to the node's Gogo shell (docs/console.md). Listens on 127.0.0.1:8022 unless
 * configured otherwise (PID {@value #PID}, or {@code --ssh-host} / {@code --ssh-port}), with the
 * host key and authorized keys of {@code <node>/data/}, and writes the port it listens on to {@code
 * <node>/data/ssh.port} while it runs.
 */
@Component(immediate = true, configurationPid = SshConsole.PID)
@Designate(ocd = SshConsoleConfig.class)
public class SshConsole {

  static final String PID = "sovereign.console.ssh";
  static final String PORT_FILE = "ssh.port";

  @Reference NodeHome nodeHome;
  @Reference LaunchOptions launchOptions;
  @Reference CommandProcessor processor;

  @Reference(service = LoggerFactory.class)
  Logger logger;

  private ConsoleSettings settings;
  private CompletableFuture<ConsoleServer> running;

  @Activate
  synchronized void activate(SshConsoleConfig config) throws IOException {
    try {
      settings = ConsoleSettings.of(config, launchOptions);
    } catch (IllegalArgumentException e) {
      logger.error("SSH console not started: " + e.getMessage());
      throw e;
    }
    if (settings.enabled()) {
      // The server starts on a thread of its own: binding, host key and SSHD's set-up take a few
      // hundred milliseconds that the node's boot need not wait for (docs/console.md).
      ConsoleSettings starting = settings;
      running =
          CompletableFuture.supplyAsync(
              () -> start(starting),
              task -> {
                Thread thread = new Thread(task, "sovereign-ssh-start");
                thread.setDaemon(true);
                thread.start();
              });
    } else {
      removePortFile();
      logger.info("SSH console disabled (" + PID + " enabled=false)");
    }
  }

  @Modified
  synchronized void modified(SshConsoleConfig config) throws IOException {
    ConsoleSettings next;
    try {
      next = ConsoleSettings.of(config, launchOptions);
    } catch (IllegalArgumentException e) {
      logger.error(
          "SSH console configuration refused, the console is unchanged: " + e.getMessage());
      throw e;
    }
    if (next.equals(settings)) {
      return;
    }
    deactivate();
    activate(config);
  }

  @Deactivate
  synchronized void deactivate() {
    CompletableFuture<ConsoleServer> stopping = running;
    running = null;
    ConsoleServer server = stopping == null ? null : finished(stopping);
    if (server == null) {
      return;
    }
    try {
      removePortFile();
      server.close();
      logger.info("SSH console stopped");
    } catch (IOException e) {
      logger.error("SSH console did not stop cleanly: " + e.getMessage(), e);
    }
  }

  /**
   * The running server once its start finished, or null when the console is disabled, stopped, or
   * its start failed.
   */
  ConsoleServer server() {
    CompletableFuture<ConsoleServer> current;
    synchronized (this) {
      current = running;
    }
    return current == null ? null : finished(current);
  }

  /** Waits for the start to finish; throws its failure. */
  void awaitStarted() throws IOException {
    CompletableFuture<ConsoleServer> current;
    synchronized (this) {
      current = running;
    }
    if (current == null) {
      return;
    }
    try {
      current.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof UncheckedIOException io) {
        throw io.getCause();
      }
      throw e;
    }
  }

  private static ConsoleServer finished(CompletableFuture<ConsoleServer> start) {
    try {
      return start.join();
    } catch (CompletionException e) {
      return null; // the start failed and said why in the log
    }
  }

  private ConsoleServer start(ConsoleSettings settings) {
    Path data = nodeHome.data();
    ConsoleServer started = null;
    try {
      Files.createDirectories(data);
      started = ConsoleServer.start(settings, data, processor, logger);
      writePortFile(started.port());
    } catch (IOException e) {
      if (started != null) {
        try {
          started.close();
        } catch (IOException suppressed) {
          e.addSuppressed(suppressed);
        }
      }
      logger.error("SSH console not started: " + e.getMessage(), e);
      throw new UncheckedIOException(e);
    }
    logger.info(
        "SSH console listening on "
            + settings.host()
            + ":"
            + started.port()
            + " (host key "
            + started.hostKeyFingerprint()
            + ")");
    String problem = started.authorizedKeysProblem();
    if (problem != null) {
      logger.warn("Nobody can log in to the SSH console yet: " + problem);
    }
    return started;
  }

  private void writePortFile(int port) throws IOException {
    Path file = nodeHome.data().resolve(PORT_FILE);
    Path tmp = file.resolveSibling(PORT_FILE + ".tmp");
    Files.writeString(tmp, port + "\n", StandardCharsets.US_ASCII);
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  private void removePortFile() {
    try {
      Files.deleteIfExists(nodeHome.data().resolve(PORT_FILE));
    } catch (IOException e) {
      logger.warn("Cannot remove " + nodeHome.data().resolve(PORT_FILE) + ": " + e.getMessage());
    }
  }
}
