package sovereign.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sovereign.api.deploy.Deployment.Action;
import sovereign.api.deploy.Deployment.Outcome;
import sovereign.api.deploy.HistoryRecord;
import sovereign.deploy.DeployState.Deployed;
import sovereign.deploy.DeployState.Version;

class DeployFilesTest {

  @TempDir Path dir;

  @Test
  void stateSurvivesAWriteAndAReadWithBuiltinAndDeployedVersions() throws Exception {
    Version builtin = new Version("0.1.0.SNAPSHOT", null, null, null);
    Version next = new Version("0.1.1", "ab".repeat(32), "sovereign.ledger-0.1.1-abab.jar", "core");
    DeployState state =
        DeployState.EMPTY
            .with("sovereign.ledger", new Deployed(next, "shell", builtin))
            .with("echo", new Deployed(next, "drop:echo.jar", null));
    Path file = dir.resolve("state.json");
    state.write(file);

    DeployState read = DeployState.read(file);

    assertThat(read).isEqualTo(state);
    assertThat(read.get("sovereign.ledger").orElseThrow().previous().builtin()).isTrue();
    assertThat(read.without("echo").bundles()).containsOnlyKeys("sovereign.ledger");
  }

  @Test
  void aMissingStateFileIsTheEmptyState() throws Exception {
    assertThat(DeployState.read(dir.resolve("state.json"))).isEqualTo(DeployState.EMPTY);
  }

  @Test
  void anUnreadableStateFileStopsTheNodeRatherThanGuessing() throws Exception {
    Path file = dir.resolve("state.json");
    Files.writeString(file, "{\"format\": 1, \"bundles\": {\"x\": ");
    assertThatThrownBy(() -> DeployState.read(file))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("not a readable deployment state");
  }

  @Test
  void aStateFileOfAnotherFormatIsRefused() throws Exception {
    Path file = dir.resolve("state.json");
    Files.writeString(file, "{\"format\": 7, \"bundles\": {}}");
    assertThatThrownBy(() -> DeployState.read(file)).hasMessageContaining("format 7");
  }

  @Test
  void theJournalHoldsOneTransactionUntilItEnds() throws Exception {
    Journal journal = new Journal(dir.resolve("journal.json"));
    assertThat(journal.pending()).isEmpty();
    Version from = new Version("1.0.0", "cd".repeat(32), "echo-1.0.0-cdcd.jar", "skills");
    Journal.Record record =
        new Journal.Record(
            "tx-1",
            Action.UPDATE,
            "2026-11-22T08:00:00Z",
            List.of(new Journal.Step("echo", from, null)));
    journal.begin(record);

    assertThat(journal.pending()).contains(record);
    journal.end();
    assertThat(journal.pending()).isEmpty();
  }

  @Test
  void historyLinesAreAppendedAndATornLineIsSkippedWithAWarning() throws Exception {
    HistoryLog log = new HistoryLog(dir.resolve("history.jsonl"));
    HistoryRecord one =
        new HistoryRecord(
            Instant.parse("2026-11-22T08:00:00Z"),
            "tx-1",
            Action.INSTALL,
            "echo",
            Optional.empty(),
            Optional.of("1.0.0"),
            Outcome.COMMITTED,
            Optional.empty(),
            42);
    HistoryRecord two =
        new HistoryRecord(
            Instant.parse("2026-11-22T08:01:00Z"),
            "tx-2",
            Action.UPDATE,
            "echo",
            Optional.of("1.0.0"),
            Optional.of("1.1.0"),
            Outcome.ROLLED_BACK,
            Optional.of("health check 'x': down"),
            17);
    log.append(List.of(one));
    Files.writeString(
        dir.resolve("history.jsonl"),
        "{\"time\":\"2026-11-",
        StandardCharsets.UTF_8,
        java.nio.file.StandardOpenOption.APPEND);
    Files.writeString(dir.resolve("history.jsonl"), "\n", java.nio.file.StandardOpenOption.APPEND);
    log.append(List.of(two));

    List<String> warnings = new ArrayList<>();
    assertThat(log.read(warnings::add)).containsExactly(one, two);
    assertThat(warnings).singleElement().asString().contains("line 2");
  }

  @Test
  void theJarStoreNamesAJarByNameVersionAndHashAndRefusesAChangedFile() throws Exception {
    JarStore store = new JarStore(dir.resolve("history"));
    Path jar = Jars.bundle(dir.resolve("a.jar"), "com.example.a", "1.0.0");
    String sha = Sha256.of(jar);

    Path incoming = store.incoming(jar);
    String name = store.commit(incoming, "com.example.a", "1.0.0", sha);

    assertThat(name).isEqualTo("com.example.a-1.0.0-" + sha.substring(0, 12) + ".jar");
    assertThat(Files.exists(incoming)).isFalse();
    try (InputStream in = store.open(name, sha)) {
      assertThat(in.readAllBytes()).isEqualTo(Files.readAllBytes(jar));
    }
    Files.write(store.path(name), new byte[] {1, 2, 3});
    assertThatThrownBy(() -> store.open(name, sha))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("was changed");
    assertThatThrownBy(() -> store.open("missing.jar", sha))
        .hasMessageContaining("missing from the deployment history");
  }

  @Test
  void aStoreNameCannotEscapeTheHistoryFolder() {
    assertThat(JarStore.name("../../etc", "1.0.0/x", "0".repeat(64)))
        .isEqualTo(".._.._etc-1.0.0_x-000000000000.jar")
        .doesNotContain("/");
  }
}
