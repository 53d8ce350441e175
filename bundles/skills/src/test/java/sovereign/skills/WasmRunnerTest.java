package sovereign.skills;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.dylibso.chicory.wabt.Wat2Wasm;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import sovereign.api.skills.SkillFailedException.Reason;

class WasmRunnerTest {

  static final String ECHO =
      """
      (module
        (import "env" "input_size" (func $size (result i32)))
        (import "env" "input_read" (func $read (param i32 i32) (result i32)))
        (import "env" "output_write" (func $write (param i32 i32)))
        (memory 1)
        (func (export "run") (local $n i32)
          (local.set $n (call $read (i32.const 0) (call $size)))
          (call $write (i32.const 0) (local.get $n))))
      """;

  private static final Limits LIMITS = new Limits(Duration.ofMillis(500), 16, 1024, 64, 1 << 20);

  private final FakePolicy policy = new FakePolicy();
  private final List<String> logged = new CopyOnWriteArrayList<>();
  private final HttpEgress http = new HttpEgress(1 << 16, Duration.ofSeconds(1));
  private BiConsumer<String, String> log = (subject, line) -> logged.add(subject + ": " + line);

  @AfterEach
  void closeHttp() {
    http.close();
  }

  private SkillRun run(String subject, byte[] wasm, String function, byte[] input)
      throws InterruptedException {
    HostServices host =
        new HostServices(
            policy,
            new SandboxFiles(policy, 1 << 20),
            http,
            () -> 42,
            (s, l) -> log.accept(s, l),
            100);
    return new WasmRunner(host, new RunningThreads())
        .run(
            new WasmRunner.Call(
                subject,
                CompiledModule.compile(wasm),
                function,
                input,
                LIMITS,
                Requested.ALL,
                "test"));
  }

  @Test
  void echoCopiesInputToOutput() throws Exception {
    policy.grant("echo", "host.input_size", "host.input_read", "host.output_write");

    SkillRun run = run("echo", wasm(ECHO), "run", bytes("hello, skill"));

    assertThat(new String(run.output(), StandardCharsets.UTF_8)).isEqualTo("hello, skill");
    assertThat(policy.decided).contains("echo host.input_read", "echo host.output_write");
  }

  @Test
  void infiniteLoopIsInterruptedAtTheWallTimeAndItsThreadEnds() {
    byte[] loop = wasm("(module (func (export \"run\") (loop br 0)))");
    long start = System.nanoTime();

    assertThatThrownBy(() -> run("spinner", loop, "run", new byte[0]))
        .isInstanceOfSatisfying(
            SkillException.class, e -> assertThat(e.kind()).isEqualTo(Reason.TIMEOUT))
        .hasMessageContaining("wall-time limit of 500 ms")
        .hasMessageNotContaining("not ended");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(1500));
    assertThat(Thread.getAllStackTraces().keySet())
        .noneMatch(t -> t.getName().equals("skill-spinner"));
  }

  @Test
  void memoryBombIsStoppedAtTheCap() {
    byte[] bomb =
        wasm(
            """
            (module (memory 1)
              (func (export "run")
                (loop (drop (memory.grow (i32.const 1))) (br 0))))
            """);

    assertThatThrownBy(() -> run("bomb", bomb, "run", new byte[0]))
        .isInstanceOfSatisfying(
            SkillException.class, e -> assertThat(e.kind()).isEqualTo(Reason.MEMORY))
        .hasMessage("memory.grow to 17 pages is over the memory cap of 16 pages");
  }

  @Test
  void declaredMemoryOverTheCapIsRefused() {
    byte[] big = wasm("(module (memory 100) (func (export \"run\")))");

    assertThatThrownBy(() -> run("big", big, "run", new byte[0]))
        .isInstanceOfSatisfying(
            SkillException.class, e -> assertThat(e.kind()).isEqualTo(Reason.MEMORY))
        .hasMessageContaining("declares 100 pages")
        .hasMessageContaining("cap of 16 pages");
  }

  @Test
  void growingPastTheDeclaredMaximumUnderTheCapFailsAsWasmSays() throws Exception {
    policy.grant("small", "host.output_write");
    byte[] small =
        wasm(
            """
            (module
              (import "env" "output_write" (func $write (param i32 i32)))
              (memory 1 2)
              (func (export "run")
                (i32.store8 (i32.const 0) (i32.add (i32.const 49) (memory.grow (i32.const 1))))
                (i32.store8 (i32.const 1) (i32.add (i32.const 49) (memory.grow (i32.const 1))))
                (call $write (i32.const 0) (i32.const 2))))
            """);

    // The first grow returns the old size 1 ('2'), the second -1 ('0').
    assertThat(run("small", small, "run", new byte[0]).output()).isEqualTo(bytes("20"));
  }

  @Test
  void outputOverTheCapIsRefused() {
    policy.grant("chatty", "host.output_write");
    byte[] chatty =
        wasm(
            """
            (module
              (import "env" "output_write" (func $write (param i32 i32)))
              (memory 1)
              (func (export "run")
                (call $write (i32.const 0) (i32.const 40))
                (call $write (i32.const 0) (i32.const 40))))
            """);

    assertThatThrownBy(() -> run("chatty", chatty, "run", new byte[0]))
        .isInstanceOfSatisfying(
            SkillException.class, e -> assertThat(e.kind()).isEqualTo(Reason.OUTPUT))
        .hasMessage("output_write of 40 bytes after 40 would exceed the output cap of 64 bytes");
  }

  @Test
  void inputOverTheCapIsRefusedBeforeTheRun() {
    policy.grant("echo", "host.input_size", "host.input_read", "host.output_write");

    assertThatThrownBy(() -> run("echo", wasm(ECHO), "run", new byte[2000]))
        .isInstanceOfSatisfying(
            SkillException.class, e -> assertThat(e.kind()).isEqualTo(Reason.INPUT))
        .hasMessage("input of 2000 bytes is over the cap of 1024 bytes");
    assertThat(policy.decided).isEmpty();
  }

  @Test
  void importTheHostDoesNotProvideFailsToLinkNamingIt() {
    policy.grant("sneaky", "host.spawn");
    byte[] sneaky =
        wasm(
            """
            (module
              (import "wasi_snapshot_preview1" "fd_write"
                (func (param i32 i32 i32 i32) (result i32)))
              (func (export "run")))
            """);

    assertThatThrownBy(() -> run("sneaky", sneaky, "run", new byte[0]))
        .isInstanceOfSatisfying(
            SkillException.class, e -> assertThat(e.kind()).isEqualTo(Reason.LINK))
        .hasMessageStartingWith("import wasi_snapshot_preview1.fd_write is not provided");
    byte[] spawn = wasm("(module (import \"env\" \"spawn\" (func)) (func (export \"run\")))");
    assertThatThrownBy(() -> run("sneaky", spawn, "run", new byte[0]))
        .hasMessageStartingWith("import env.spawn is not provided by the skill host");
  }

  @Test
  void importNotGrantedFailsToLinkNamingIt() {
    byte[] logger =
        wasm(
            """
            (module
              (import "env" "log" (func $log (param i32 i32)))
              (memory 1)
              (func (export "run") (call $log (i32.const 0) (i32.const 1))))
            """);

    assertThatThrownBy(() -> run("logger", logger, "run", new byte[0]))
        .isInstanceOfSatisfying(
            SkillException.class, e -> assertThat(e.kind()).isEqualTo(Reason.LINK))
        .hasMessageStartingWith("import env.log is not granted to skill logger (host.log)");
    assertThat(logged).isEmpty();
  }

  @Test
  void hostCallRefusedByThePolicyDuringTheRunTraps() {
    policy.grant("revoked", "host.log", "host.output_write");
    log =
        (subject, line) -> {
          logged.add(line);
          policy.revoke(subject, "host.output_write");
        };
    byte[] module =
        wasm(
            """
            (module
              (import "env" "log" (func $log (param i32 i32)))
              (import "env" "output_write" (func $write (param i32 i32)))
              (memory 1)
              (data (i32.const 0) "hi")
              (func (export "run")
                (call $log (i32.const 0) (i32.const 2))
                (call $write (i32.const 0) (i32.const 2))))
            """);

    assertThatThrownBy(() -> run("revoked", module, "run", new byte[0]))
        .isInstanceOfSatisfying(
            SkillException.class, e -> assertThat(e.kind()).isEqualTo(Reason.REFUSED))
        .hasMessageContaining("host call env.output_write refused (host.output_write)");
    assertThat(logged).containsExactly("hi");
  }

  @Test
  void trapIsReported() {
    byte[] trap = wasm("(module (func (export \"run\") unreachable))");

    assertThatThrownBy(() -> run("trap", trap, "run", new byte[0]))
        .isInstanceOfSatisfying(
            SkillException.class, e -> assertThat(e.kind()).isEqualTo(Reason.TRAP))
        .hasMessageContaining("unreachable");
  }

  @Test
  void missingOrWronglyTypedExportIsRefused() {
    byte[] module = wasm("(module (func (export \"run\") (param i32)))");

    assertThatThrownBy(() -> run("x", module, "main", new byte[0]))
        .hasMessage("the module exports no function named main");
    assertThatThrownBy(() -> run("x", module, "run", new byte[0]))
        .hasMessageStartingWith("export run must take and return nothing");
    assertThatThrownBy(() -> run("x", bytes("not wasm"), "run", new byte[0]))
        .isInstanceOfSatisfying(
            SkillException.class, e -> assertThat(e.kind()).isEqualTo(Reason.INVALID));
  }

  private static byte[] wasm(String wat) {
    return Wat2Wasm.parse(wat);
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
