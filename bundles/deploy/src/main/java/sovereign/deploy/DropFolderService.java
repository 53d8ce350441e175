package sovereign.deploy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.osgi.framework.Version;
import org.osgi.service.log.Logger;
import sovereign.api.deploy.Deployment;
import sovereign.api.deploy.Staged;
import sovereign.deploy.Verdict.Reason;
import sovereign.deploy.Verdict.Rejected;
import sovereign.util.AtomicFiles;

/**
 * The drop folder {@code <node>/deploy/} (docs/deploy.md, "Drop folder"): a stable new jar is
 * verified and installed, or updates the installed bundle of that name if it is newer; a jar whose
 * file is deleted is uninstalled. A refused jar, or one the health gate rolled back, is moved to
 * {@code rejected/} with a {@code <name>.reason} file beside it. Events arrive one at a time on the
 * {@link DropFolder}'s thread.
 */
final class DropFolderService implements DropFolder.Listener, AutoCloseable {

  static final String ORIGIN = "drop:";

  private final DeployService deployer;
  private final DeployFiles files;
  private final Logger logger;
  private final DropFolder folder;

  /** Files this service moved to rejected/: their disappearance uninstalls nothing. */
  private final Set<String> movedAway = ConcurrentHashMap.newKeySet();

  DropFolderService(
      DeployService deployer, DeployFiles files, Duration settle, Duration poll, Logger logger) {
    this.deployer = deployer;
    this.files = files;
    this.logger = logger;
    this.folder = new DropFolder(files.dropFolder(), this, settle, poll, logger::warn);
  }

  void start() {
    folder.start();
  }

  /** Scans now, on the caller's thread. */
  void scan() {
    folder.scan();
  }

  @Override
  public void arrived(Path jar) {
    deploy(jar);
  }

  @Override
  public void changed(Path jar) {
    deploy(jar);
  }

  @Override
  public void removed(Path jar) {
    String name = jar.getFileName().toString();
    if (movedAway.remove(name)) {
      return;
    }
    for (var entry : deployer.state().bundles().entrySet()) {
      if ((ORIGIN + name).equals(entry.getValue().origin())
          && !entry.getValue().current().builtin()) {
        Deployment d = deployer.uninstall(entry.getKey());
        logger.info("{} deleted from the drop folder: {} {}", name, entry.getKey(), d.outcome());
      }
    }
  }

  private void deploy(Path jar) {
    String name = jar.getFileName().toString();
    Staged staged;
    try {
      staged = deployer.stage(jar);
    } catch (DeployService.Refused e) {
      reject(jar, e.verdict.text());
      return;
    } catch (RuntimeException e) {
      reject(jar, "rejected: " + e.getMessage());
      return;
    }
    Optional<DeployState.Version> running = deployer.running(staged.symbolicName());
    if (running.isPresent()) {
      Version have = Version.parseVersion(running.get().version());
      Version drop = Version.parseVersion(staged.version());
      if (drop.equals(have)) {
        // Other content under the same version was refused by stage(): this is the running jar.
        logger.info("{}: {} {} is running already", name, staged.symbolicName(), have);
        return;
      }
      if (drop.compareTo(have) < 0) {
        reject(
            jar,
            new Rejected(
                    Reason.NOT_NEWER,
                    staged.symbolicName()
                        + " "
                        + drop
                        + " is older than the installed "
                        + have
                        + "; deploy:update "
                        + staged.symbolicName()
                        + " <file> goes back on purpose")
                .text());
        return;
      }
    }
    Deployment d =
        deployer.activate(
            List.of(staged),
            running.isPresent() ? Deployment.Action.UPDATE : Deployment.Action.INSTALL,
            ORIGIN + name);
    if (d.outcome() == Deployment.Outcome.ROLLED_BACK) {
      reject(jar, "rolled back by the health gate: " + d.reason().orElse(""));
    } else {
      logger.info(
          "{}: {} {} {} in {} ms",
          name,
          staged.symbolicName(),
          staged.version(),
          d.action(),
          d.millis());
    }
  }

  private void reject(Path jar, String reason) {
    String name = jar.getFileName().toString();
    logger.warn("{} moved to {}: {}", name, files.rejected(), reason);
    try {
      Files.createDirectories(files.rejected());
      AtomicFiles.write(
          files.rejected().resolve(name + ".reason"),
          (Instant.now() + " " + reason + "\n").getBytes(StandardCharsets.UTF_8));
      movedAway.add(name);
      Files.move(jar, files.rejected().resolve(name), StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      movedAway.remove(name);
      logger.error("cannot move {} to {}: {}", jar, files.rejected(), e.toString());
    }
  }

  @Override
  public void close() {
    folder.close();
  }
}
