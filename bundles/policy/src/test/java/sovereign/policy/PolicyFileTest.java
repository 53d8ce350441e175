package sovereign.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sovereign.api.policy.Capability;
import sovereign.api.policy.Request;

class PolicyFileTest {

  @TempDir Path dir;

  private PolicyNode node;
  private Path file;

  @BeforeEach
  void start() throws Exception {
    node = new PolicyNode(dir.resolve("node")).allLow().start();
    file = node.grants.file();
  }

  @AfterEach
  void close() throws Exception {
    node.close();
  }

  private void write(String text) throws Exception {
    Path tmp = file.resolveSibling("edit.tmp");
    Files.writeString(tmp, text);
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  @Test
  void aFirstStartWritesAnEmptyFileAndDeniesEverything() throws Exception {
    assertThat(PolicyFile.parse(Files.readString(file))).isEmpty();
    assertThat(node.policy.decide("echo", Request.host("log")).allowed()).isFalse();
  }

  @Test
  void aValidFileGrantsAtStart() throws Exception {
    node.close();
    Files.writeString(
        file, "{\"grants\": {\"echo\": [\"host.log\", \"fs.read:**\", \"!fs.read:private/**\"]}}");

    node.start();

    assertThat(node.policy.grants().get("echo"))
        .containsExactly(
            Capability.parse("host.log"),
            Capability.parse("fs.read:**"),
            Capability.parse("!fs.read:private/**"));
    assertThat(node.policy.decide("echo", Request.host("log")).allowed()).isTrue();
    assertThat(node.policy.decide("echo", Request.fsRead("private/x")).allowed()).isFalse();
  }

  @Test
  void anInvalidFileIsRefusedNamingTheProblemAndChangesNothing() throws Exception {
    node.grant("echo", "host.log");
    String[] bad = {
      "{\"grants\": {\"echo\": [\"host.log\", \"fs.rd:x\"]}}",
      "{\"grants\": {\"../up\": []}}",
      "{\"grant\": {}}",
      "{\"grants\": {\"echo\": \"host.log\"}}",
      "{\"grants\": {\"t\": [\"ledger.spend:IPPC:1:2\", \"ledger.spend:IPPC:2:3\"]}}",
      "not json"
    };
    String[] problems = {
      "grants.echo[1]: 'fs.rd:x' is not a capability",
      "'../up' is not a subject name",
      "unknown key 'grant'",
      "grants.echo is not a list of capabilities",
      "two ledger.spend grants for IPPC",
      "it is not JSON"
    };

    for (int i = 0; i < bad.length; i++) {
      Files.writeString(file, bad[i]);
      assertThat(node.grants.load()).isFalse();
      String problem = problems[i];
      assertThat(node.logged())
          .anyMatch(l -> l.startsWith("ERROR policy file " + file) && l.contains(problem));
      assertThat(node.policy.decide("echo", Request.host("log")).allowed()).isTrue();
    }
    assertThatThrownBy(() -> node.grants.grant("echo", Capability.parse("host.other")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("fix it first");
  }

  @Test
  void anEditedFileIsReadAgain() throws Exception {
    write("{\"grants\": {\"echo\": [\"host.log\"]}}");
    awaitTrue(() -> node.policy.decide("echo", Request.host("log")).allowed());

    write("{\"grants\": {\"echo\": []}}");
    awaitTrue(() -> !node.policy.check("echo", Request.host("log")).allowed());

    Files.delete(file);
    awaitTrue(() -> node.policy.grants().isEmpty());
  }

  @Test
  void grantAndRevokeAreWrittenBackToTheFile() throws Exception {
    node.grant("echo", "host.log", "ledger.spend:IPPC:1:10");

    assertThat(node.grants.grant("echo", Capability.parse("ledger.spend:ippc:2:10")))
        .isEqualTo("granted ledger.spend:IPPC:2:10 to echo (replacing ledger.spend:IPPC:1:10)");
    assertThat(node.grants.grant("echo", Capability.parse("host.log")))
        .isEqualTo("echo already has host.log");
    assertThat(PolicyFile.parse(Files.readString(file)).get("echo"))
        .containsExactly(Capability.parse("host.log"), Capability.parse("ledger.spend:IPPC:2:10"));

    node.grants.revoke("echo", Capability.parse("host.log"));
    node.restart();

    assertThat(node.policy.grants().get("echo"))
        .containsExactly(Capability.parse("ledger.spend:IPPC:2:10"));
    assertThatThrownBy(() -> node.grants.revoke("echo", Capability.parse("host.log")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'echo' does not have 'host.log'; it has: [ledger.spend:IPPC:2:10]");
    assertThat(node.audited("grant")).hasSize(3);
    assertThat(node.audited("revoke")).hasSize(1);
    assertThat(Files.exists(file.resolveSibling(PolicyFile.NAME + ".tmp"))).isFalse();
  }

  @Test
  void aGrantMadeByCommandKeepsTheOperatorsEdit() throws Exception {
    Files.writeString(file, "{\"grants\": {\"other\": [\"host.log\"]}}");

    node.grants.grant("echo", Capability.parse("host.log"));

    assertThat(PolicyFile.parse(Files.readString(file)).keySet())
        .containsExactlyInAnyOrder("echo", "other");
    assertThat(node.policy.grants().keySet()).containsExactlyInAnyOrder("echo", "other");
    assertThat(List.copyOf(node.policy.grants().get("other"))).hasSize(1);
  }

  private static void awaitTrue(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + 20_000_000_000L;
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the policy file change was not read within 20 s");
      }
      Thread.sleep(50);
    }
  }
}
