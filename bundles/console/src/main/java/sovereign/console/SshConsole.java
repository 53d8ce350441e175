package sovereign.console;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
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
  private ConsoleServer server;

  @Activate
  synchronized void activate(SshConsoleConfig config) throws IOException {
    try {
      settings = ConsoleSettings.of(config, launchOptions);
    } catch (IllegalArgumentException e) {
      logger.error("SSH console not started: " + e.getMessage());
      throw e;
    }
    if (settings.enabled()) {
      start();
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
    ConsoleServer running = server;
    server = null;
    if (running == null) {
      return;
    }
    try {
      removePortFile();
      running.close();
      logger.info("SSH console stopped");
    } catch (IOException e) {
      logger.error("SSH console did not stop cleanly: " + e.getMessage(), e);
    }
  }

  /** The running server, or null when the console is disabled or stopped. */
  synchronized ConsoleServer server() {
    return server;
  }

  private void start() throws IOException {
    Path data = nodeHome.data();
    ConsoleServer started = null;
    try {
      Files.createDirectories(data);
      started = ConsoleServer.start(settings, data, processor, logger);
      writePortFile(started.port());
    } catch (IOException e) {
      if (started != null) {
        started.close();
      }
      logger.error("SSH console not started: " + e.getMessage(), e);
      throw e;
    }
    server = started;
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
