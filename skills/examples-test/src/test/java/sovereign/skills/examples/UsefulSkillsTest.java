package sovereign.skills.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** echo, fetch-url and notes against in-memory host functions. */
class UsefulSkillsTest {

  @Test
  void echoReturnsItsInput() {
    assertThat(Skills.run("echo", new InMemoryHost().input("hello, skills ✓")).outputText())
        .isEqualTo("hello, skills ✓");
    assertThat(Skills.run("echo", new InMemoryHost()).output.toByteArray()).isEmpty();
  }

  @Test
  void echoReturnsAMebibyteOfBinaryInput() {
    byte[] input = new byte[1 << 20];
    new Random(1).nextBytes(input);
    assertThat(Skills.run("echo", new InMemoryHost().input(input)).output.toByteArray())
        .isEqualTo(input);
  }

  @Test
  void fetchUrlOutputsTheBody() {
    InMemoryHost host = new InMemoryHost().input("http://127.0.0.1:8080/hello\n");
    host.http =
        url -> url.equals("http://127.0.0.1:8080/hello") ? InMemoryHost.Reply.of(200, "hi") : null;
    assertThat(Skills.run("fetch-url", host).outputText()).isEqualTo("hi");
    assertThat(host.urls).containsExactly("http://127.0.0.1:8080/hello");
  }

  @Test
  void fetchUrlOutputsAnEmptyBodyAsNothing() {
    InMemoryHost host = new InMemoryHost().input("http://127.0.0.1/empty");
    host.http = url -> InMemoryHost.Reply.of(204, "");
    assertThat(Skills.run("fetch-url", host).outputText()).isEmpty();
  }

  @Test
  void fetchUrlOutputsAtMostItsBufferOfALargerBody() {
    byte[] body = new byte[(1 << 20) + 5000];
    new Random(2).nextBytes(body);
    InMemoryHost host = new InMemoryHost().input("http://127.0.0.1/big");
    host.http = url -> new InMemoryHost.Reply(200, body);
    byte[] output = Skills.run("fetch-url", host).output.toByteArray();
    assertThat(output).hasSize(1 << 20);
    assertThat(output).isEqualTo(java.util.Arrays.copyOf(body, 1 << 20));
  }

  @Test
  void fetchUrlFormatsErrors() {
    Map<String, InMemoryHost.Reply> replies =
        Map.of(
            "http://h/missing", InMemoryHost.Reply.of(404, "not found"),
            "http://h/broken", InMemoryHost.Reply.of(500, "oops"),
            "http://h/moved", InMemoryHost.Reply.of(301, ""));
    for (var e :
        Map.of(
                "http://h/missing", "error: HTTP 404",
                "http://h/broken", "error: HTTP 500",
                "http://h/moved", "error: HTTP 301",
                "http://h/down", "error: connection failed")
            .entrySet()) {
      InMemoryHost host = new InMemoryHost().input(e.getKey());
      host.http = replies::get;
      assertThat(Skills.run("fetch-url", host).outputText()).as(e.getKey()).isEqualTo(e.getValue());
    }
  }

  @Test
  void notesPutsAndGetsValues() {
    InMemoryHost host = new InMemoryHost();
    assertThat(notes(host, "put greeting hello notes world\n")).isEqualTo("ok");
    assertThat(host.kv).containsKey("greeting");
    assertThat(new String(host.kv.get("greeting"), StandardCharsets.UTF_8))
        .isEqualTo("hello notes world");
    assertThat(notes(host, "get greeting")).isEqualTo("hello notes world");
    assertThat(notes(host, "get missing\r\n")).isEqualTo("absent");
    assertThat(notes(host, "put empty ")).isEqualTo("ok");
    assertThat(notes(host, "get empty")).isEmpty();
    assertThat(host.calls)
        .containsExactly(
            "kv_put greeting", "kv_get greeting", "kv_get missing", "kv_put empty", "kv_get empty");
  }

  @Test
  void notesSavesAndLoadsFiles() {
    InMemoryHost host = new InMemoryHost();
    assertThat(notes(host, "save notes/today.txt buy milk, call home")).isEqualTo("ok");
    assertThat(new String(host.files.get("notes/today.txt"), StandardCharsets.UTF_8))
        .isEqualTo("buy milk, call home");
    assertThat(notes(host, "load notes/today.txt\n")).isEqualTo("buy milk, call home");
    assertThat(notes(host, "load notes/other.txt")).isEqualTo("absent");
    assertThat(host.calls)
        .containsExactly(
            "file_write notes/today.txt", "file_read notes/today.txt", "file_read notes/other.txt");
  }

  @Test
  void notesExplainsItsUsage() {
    String usage = "usage: put <key> <value> | get <key> | save <path> <text> | load <path>";
    for (String input : new String[] {"", "bogus", "list all", "put onlykey", "get ", "put  x"}) {
      InMemoryHost host = new InMemoryHost();
      assertThat(notes(host, input)).as("'%s'", input).isEqualTo(usage);
      assertThat(host.calls).isEmpty();
    }
  }

  private static String notes(InMemoryHost host, String input) {
    host.output.reset();
    return Skills.run("notes", host.input(input)).outputText();
  }
}
