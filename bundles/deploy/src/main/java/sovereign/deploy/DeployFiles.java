package sovereign.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The deploy bundle's files under {@code <node>/deploy/} (DESIGN.md, "Node home"): the drop folder
 * itself, {@code rejected/}, {@code history/} (every deployed jar), {@code state.json} (what runs),
 * {@code journal.json} (the transaction in progress) and {@code history.jsonl} (what happened).
 */
final class DeployFiles {

  private final Path root;
  private final Journal journal;
  private final HistoryLog history;
  private final JarStore jars;

  DeployFiles(Path root) throws IOException {
    this.root = root;
    Files.createDirectories(root.resolve("history"));
    Files.createDirectories(root.resolve("rejected"));
    this.journal = new Journal(root.resolve("journal.json"));
    this.history = new HistoryLog(root.resolve("history.jsonl"));
    this.jars = new JarStore(root.resolve("history"));
  }

  Path dropFolder() {
    return root;
  }

  Path rejected() {
    return root.resolve("rejected");
  }

  Path state() {
    return root.resolve("state.json");
  }

  Journal journal() {
    return journal;
  }

  HistoryLog history() {
    return history;
  }

  JarStore jars() {
    return jars;
  }
}
