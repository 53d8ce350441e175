package sovereign.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import sovereign.api.deploy.Deployment;
import sovereign.util.AtomicFiles;

/**
 * {@code deploy/journal.json}: the transaction in progress, written before the first bundle changes
 * and deleted once the state file records the outcome. Finding it at boot means the node stopped in
 * the middle of a transaction; the state file then still says what the node ran before it (or, if
 * the crash came between the two writes, what it ran after it), and the boot makes the framework
 * match it: entirely the old versions or entirely the new, never a mix (docs/deploy.md).
 */
final class Journal {

  /** One transaction as journalled: what was asked and each bundle's change. */
  record Record(String id, Deployment.Action action, String started, List<Step> steps) {
    Record {
      steps = List.copyOf(steps);
    }
  }

  /** One bundle's change: the version before (null for an install) and after (null to remove). */
  record Step(String symbolicName, DeployState.Version from, DeployState.Version to) {}

  private final Path file;

  Journal(Path file) {
    this.file = file;
  }

  void begin(Record record) throws IOException {
    AtomicFiles.write(file, DeployState.json().writeValueAsBytes(record));
  }

  void end() throws IOException {
    Files.deleteIfExists(file);
  }

  /**
   * The interrupted transaction, if any.
   *
   * @throws IllegalStateException naming the file if it cannot be read
   */
  Optional<Record> pending() throws IOException {
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    try {
      return Optional.of(DeployState.json().readValue(file.toFile(), Record.class));
    } catch (IOException e) {
      // A torn journal cannot happen (atomic write); an unreadable one is reported, not guessed at.
      throw new IllegalStateException(
          file + " cannot be read (" + e.getMessage() + "); move it away to boot", e);
    }
  }
}
