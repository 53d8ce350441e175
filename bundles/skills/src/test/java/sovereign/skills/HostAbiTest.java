package sovereign.skills;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.dylibso.chicory.wabt.Wat2Wasm;
import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sovereign.api.skills.SkillFailedException.Reason;

/** The host functions beyond input and output: key/value store, files, HTTP, balance, log cap. */
class HostAbiTest {

  private static final Limits LIMITS =
      new Limits(Duration.ofSeconds(5), 16, 1 << 16, 1 << 16, 1 << 20);

  @TempDir Path home;

  private FakePolicy policy;
  private final List<String> logged = new CopyOnWriteArrayList<>();
  private final HttpEgress http = new HttpEgress(1024, Duration.ofSeconds(2));
  private HttpServer server;
  private long quota = 1 << 20;

  @AfterEach
  void close() {
    http.close();
    if (server != null) {
      server.stop(0);
    }
  }

  private FakePolicy policy() {
    if (policy == null) {
      policy = new FakePolicy(home.resolve("sandbox"));
    }
    return policy;
  }

  private byte[] run(String subject, String wat, Requested requested, String input)
      throws InterruptedException {
    HostServices host =
        new HostServices(
            policy(),
            new SandboxFiles(policy(), quota),
            http,
            () -> 1_234_567_890_123L,
            (s, line) -> logged.add(line),
            3);
    return new WasmRunner(host, new RunningThreads())
        .run(
            new WasmRunner.Call(
                subject,
                CompiledModule.compile(Wat2Wasm.parse(wat)),
                "run",
                input.getBytes(StandardCharsets.UTF_8),
                LIMITS,
                requested,
                "test"))
        .output();
  }

  private static final String KV =
      """
      (module
        (import "env" "kv_get" (func $get (param i32 i32 i32 i32) (result i32)))
        (import "env" "kv_put" (func $put (param i32 i32 i32 i32)))
        (import "env" "kv_delete" (func $del (param i32 i32) (result i32)))
        (import "env" "input_size" (func $size (result i32)))
        (import "env" "output_write" (func $write (param i32 i32)))
        (memory (export "memory") 1)
        (data (i32.const 0) "color")
        (data (i32.const 16) "teal")
        (func (export "run")
          ;; with input: put color=teal; always: get color into 100, output 4-byte length + value
          (if (call $size) (then (call $put (i32.const 0) (i32.const 5) (i32.const 16) (i32.const 4))))
          (i32.store (i32.const 96) (call $get (i32.const 0) (i32.const 5) (i32.const 100) (i32.const 64)))
          (call $write (i32.const 96) (i32.const 8))
          (i32.store (i32.const 96) (call $del (i32.const 0) (i32.const 5)))
          (call $write (i32.const 96) (i32.const 4))))
      """;

  @Test
  void keyValueStoreKeepsAValueAcrossRunsInsideTheSkillsSandbox() throws Exception {
    policy()
        .grant(
            "kv",
            "host.kv_get",
            "host.kv_put",
            "host.kv_delete",
            "host.input_size",
            "host.output_write");

    byte[] first = run("kv", KV, Requested.ALL, "put");

    assertThat(ints(first, 0)).isEqualTo(4);
    assertThat(new String(first, 4, 4, StandardCharsets.UTF_8)).isEqualTo("teal");
    assertThat(ints(first, 8)).as("deleted").isEqualTo(1);
    byte[] second = run("kv", KV, Requested.ALL, "");
    assertThat(ints(second, 0)).as("absent after delete").isEqualTo(-1);
    assertThat(ints(second, 8)).as("nothing to delete").isEqualTo(0);
    assertThat(home.resolve("sandbox/kv/" + SandboxFiles.KV)).isDirectory();
  }

  private static final String FILES =
      """
      (module
        (import "env" "file_write" (func $fw (param i32 i32 i32 i32)))
        (import "env" "file_read" (func $fr (param i32 i32 i32 i32) (result i32)))
        (import "env" "input_size" (func $size (result i32)))
        (import "env" "input_read" (func $in (param i32 i32) (result i32)))
        (import "env" "output_write" (func $write (param i32 i32)))
        (memory (export "memory") 1)
        (data (i32.const 0) "a line of notes")
        (func (export "run") (local $n i32)
          ;; input = a path; write 15 bytes there, read it back, output length + content
          (local.set $n (call $in (i32.const 1000) (call $size)))
          (call $fw (i32.const 1000) (local.get $n) (i32.const 0) (i32.const 15))
          (i32.store (i32.const 96) (call $fr (i32.const 1000) (local.get $n) (i32.const 100) (i32.const 10)))
          (call $write (i32.const 96) (i32.const 14))))
      """;

  @Test
  void filesAreWrittenAndReadInsideTheSandbox() throws Exception {
    grantNotes();

    byte[] out = run("notes", FILES, Requested.ALL, "data/today.txt");

    assertThat(ints(out, 0)).as("full size").isEqualTo(15);
    assertThat(new String(out, 4, 10, StandardCharsets.UTF_8))
        .as("first 10 bytes")
        .isEqualTo("a line of ");
    assertThat(home.resolve("sandbox/notes/data/today.txt")).hasContent("a line of notes");
  }

  @Test
  void pathEscapeIsRefusedAndNothingIsWrittenOutside() {
    grantNotes();

    assertThatThrownBy(() -> run("notes", FILES, Requested.ALL, "../escaped.txt"))
        .isInstanceOfSatisfying(
            SkillException.class, e -> assertThat(e.kind()).isEqualTo(Reason.REFUSED))
        .hasMessageContaining("file_write '../escaped.txt' refused");
    assertThat(home.resolve("sandbox/escaped.txt")).doesNotExist();
  }

  @Test
  void fileAccessTheBundleDidNotAskForIsRefusedEvenIfGranted() {
    grantNotes();
    Requested hostOnly =
        Requested.parse(
            List.of(
                "host.file_write",
                "host.file_read",
                "host.input_size",
                "host.input_read",
                "host.output_write"));

    assertThatThrownBy(() -> run("notes", FILES, hostOnly, "a.txt"))
        .hasMessageContaining("did not ask for fs.write in its Sovereign-Skill-Capabilities");
    assertThat(home.resolve("sandbox/notes/a.txt")).doesNotExist();
  }

  @Test
  void hostFunctionTheBundleDidNotAskForDoesNotLink() {
    policy()
        .grant(
            "kv",
            "host.kv_get",
            "host.kv_put",
            "host.kv_delete",
            "host.input_size",
            "host.output_write");
    Requested some =
        Requested.parse(
            List.of("host.kv_get", "host.kv_delete", "host.input_size", "host.output_write"));

    assertThatThrownBy(() -> run("kv", KV, some, "put"))
        .isInstanceOfSatisfying(
            SkillException.class, e -> assertThat(e.kind()).isEqualTo(Reason.LINK))
        .hasMessage(
            "import env.kv_put is not asked for in the bundle's Sovereign-Skill-Capabilities (add"
                + " host.kv_put)");
  }

  @Test
  void writesOverTheSandboxQuotaAreRefused() {
    quota = 10;
    grantNotes();

    assertThatThrownBy(() -> run("notes", FILES, Requested.ALL, "big.txt"))
        .isInstanceOfSatisfying(
            SkillException.class, e -> assertThat(e.kind()).isEqualTo(Reason.REFUSED))
        .hasMessageContaining("over its quota of 10 bytes");
    assertThat(home.resolve("sandbox/notes/big.txt")).doesNotExist();
  }

  private static final String FETCH =
      """
      (module
        (import "env" "http_get" (func $get (param i32 i32 i32 i32) (result i32)))
        (import "env" "input_size" (func $size (result i32)))
        (import "env" "input_read" (func $in (param i32 i32) (result i32)))
        (import "env" "output_write" (func $write (param i32 i32)))
        (memory (export "memory") 1)
        (func (export "run") (local $n i32) (local $r i32)
          (local.set $n (call $in (i32.const 1000) (call $size)))
          (local.set $r (call $get (i32.const 1000) (local.get $n) (i32.const 4) (i32.const 500)))
          (i32.store (i32.const 0) (local.get $r))
          (if (i32.lt_s (local.get $r) (i32.const 0)) (then (local.set $r (i32.const 0))))
          (call $write (i32.const 0) (i32.add (i32.const 4) (local.get $r)))))
      """;

  @Test
  void httpGetReturnsTheBodyOrTheStatus() throws Exception {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/hello",
        exchange -> {
          byte[] body = "hello from the web".getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    server.start();
    String base = "http://127.0.0.1:" + server.getAddress().getPort();
    policy().grant("fetch", "net.connect");
    grantFetchHost();

    byte[] ok = run("fetch", FETCH, Requested.ALL, base + "/hello");
    byte[] missing = run("fetch", FETCH, Requested.ALL, base + "/nothing");

    assertThat(ints(ok, 0)).isEqualTo(18);
    assertThat(new String(ok, 4, 18, StandardCharsets.UTF_8)).isEqualTo("hello from the web");
    assertThat(ints(missing, 0)).isEqualTo(-404);
    assertThat(policy().decided).contains("fetch net.connect");
  }

  @Test
  void httpGetToAClosedPortIsMinusOne() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    policy().grant("fetch", "net.connect");
    grantFetchHost();

    assertThat(ints(run("fetch", FETCH, Requested.ALL, "http://127.0.0.1:" + port + "/"), 0))
        .isEqualTo(-1);
  }

  @Test
  void httpGetWithoutNetConnectOrToANonHttpUrlIsRefused() {
    policy()
        .grant("fetch", "host.http_get", "host.input_size", "host.input_read", "host.output_write");

    assertThatThrownBy(() -> run("fetch", FETCH, Requested.ALL, "http://127.0.0.1:9/"))
        .isInstanceOfSatisfying(
            SkillException.class, e -> assertThat(e.kind()).isEqualTo(Reason.REFUSED))
        .hasMessageContaining("(net.connect)");
    policy().grant("fetch", "net.connect");
    assertThatThrownBy(() -> run("fetch", FETCH, Requested.ALL, "file:///etc/passwd"))
        .hasMessageContaining("only http and https URLs");
    assertThatThrownBy(() -> run("fetch", FETCH, Requested.ALL, "http://user@127.0.0.1/"))
        .hasMessageContaining("may not carry a user name");
  }

  @Test
  void ledgerBalanceIsTheWalletsAvailableIppc() throws Exception {
    policy().grant("balance", "host.ledger_balance", "host.output_write");
    String wat =
        """
        (module
          (import "env" "ledger_balance" (func $balance (result i64)))
          (import "env" "output_write" (func $write (param i32 i32)))
          (memory (export "memory") 1)
          (func (export "run")
            (i64.store (i32.const 0) (call $balance))
            (call $write (i32.const 0) (i32.const 8))))
        """;

    byte[] out = run("balance", wat, Requested.ALL, "");

    assertThat(ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN).getLong())
        .isEqualTo(1_234_567_890_123L);
  }

  @Test
  void logLinesBeyondTheLimitOfARunAreDroppedAndCounted() throws Exception {
    policy().grant("chatty", "host.log");
    String wat =
        """
        (module
          (import "env" "log" (func $log (param i32 i32)))
          (memory (export "memory") 1)
          (data (i32.const 0) "tick")
          (func (export "run") (local $i i32)
            (loop $l
              (call $log (i32.const 0) (i32.const 4))
              (local.set $i (i32.add (local.get $i) (i32.const 1)))
              (br_if $l (i32.lt_u (local.get $i) (i32.const 10))))))
        """;

    run("chatty", wat, Requested.ALL, "");

    assertThat(logged)
        .containsExactly(
            "tick", "tick", "tick", "7 more log lines of this run dropped (at most 3 a run)");
  }

  @Test
  void anImportWithTheWrongTypeDoesNotLink() {
    policy().grant("typo", "host.log");
    String wat = "(module (import \"env\" \"log\" (func (param i32))) (func (export \"run\")))";

    assertThatThrownBy(() -> run("typo", wat, Requested.ALL, ""))
        .isInstanceOfSatisfying(
            SkillException.class, e -> assertThat(e.kind()).isEqualTo(Reason.LINK))
        .hasMessageStartingWith("import env.log is declared as");
  }

  private void grantFetchHost() {
    policy()
        .grant("fetch", "host.http_get", "host.input_size", "host.input_read", "host.output_write");
  }

  private void grantNotes() {
    policy()
        .grant(
            "notes",
            "fs.read",
            "fs.write",
            "host.file_write",
            "host.file_read",
            "host.input_size",
            "host.input_read",
            "host.output_write");
  }

  private static int ints(byte[] bytes, int offset) {
    return ByteBuffer.wrap(bytes, offset, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
  }
}
