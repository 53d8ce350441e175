package sovereign.skills.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.dylibso.chicory.runtime.ChicoryInterruptedException;
import com.dylibso.chicory.runtime.Instance;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/** The hostile skills do what they are written to do, so the host's tests can rely on them. */
class HostileSkillsTest {

  @Test
  void spinLoopsUntilStopped() throws InterruptedException {
    Instance instance = Skills.instance("spin", new InMemoryHost());
    Throwable thrown = runUntilStopped(instance, () -> true);
    assertThat(Skills.causedBy(thrown, ChicoryInterruptedException.class)).isTrue();
  }

  @Test
  void membombGrowsItsMemoryUntilTheCapThenKeepsTrying() throws InterruptedException {
    // capped at 48 pages: 1 -> 17 -> 33, then memory.grow fails and it loops on
    Instance instance = Skills.instance("membomb", new InMemoryHost(), 48);
    Throwable thrown = runUntilStopped(instance, () -> instance.memory().pages() == 33);
    assertThat(Skills.causedBy(thrown, ChicoryInterruptedException.class)).isTrue();
    assertThat(instance.memory().pages()).isEqualTo(33);
    for (int page = 1; page < 33; page++) {
      assertThat(instance.memory().read(page * 65536)).as("page %d", page).isEqualTo((byte) 1);
    }
  }

  @Test
  void escapeFirstReadsTheNodeKeyOutsideItsSandbox() {
    InMemoryHost host = new InMemoryHost();
    host.refuse = Set.of("file_read:../../data/identity.key");
    Throwable thrown = catchThrowable(() -> Skills.run("escape", host));
    assertThat(Skills.causedBy(thrown, InMemoryHost.Refused.class)).isTrue();
    assertThat(host.calls).containsExactly("file_read ../../data/identity.key");
  }

  @Test
  void escapeTriesEveryEscapeWhenNothingStopsIt() {
    InMemoryHost host = new InMemoryHost();
    host.files.put("../../data/identity.key", "SECRET".getBytes(StandardCharsets.UTF_8));
    Skills.run("escape", host);
    assertThat(host.calls)
        .containsExactly(
            "file_read ../../data/identity.key",
            "file_write /etc/sovereign-escape",
            "file_read %2e%2e/x");
    assertThat(new String(host.files.get("/etc/sovereign-escape"), StandardCharsets.UTF_8))
        .isEqualTo("SECRET");
  }

  @Test
  void undeclaredCallsKvPut() {
    InMemoryHost host = Skills.run("undeclared", new InMemoryHost().input("loot"));
    assertThat(host.calls).containsExactly("kv_put stolen");
    assertThat(new String(host.kv.get("stolen"), StandardCharsets.UTF_8)).isEqualTo("loot");
    assertThat(host.outputText()).isEqualTo("ok");
  }

  @Test
  void bigoutIsStoppedByItsSecondWrite() {
    InMemoryHost host = new InMemoryHost();
    host.maxOutput = 65536;
    Throwable thrown = catchThrowable(() -> Skills.run("bigout", host));
    assertThat(Skills.causedBy(thrown, InMemoryHost.Refused.class)).isTrue();
    assertThat(host.output.toByteArray()).hasSize(65536).containsOnly((byte) 'x');
  }

  @Test
  void floodLogsWithoutEnd() {
    InMemoryHost host = new InMemoryHost();
    host.maxLogs = 10_000;
    Throwable thrown = catchThrowable(() -> Skills.run("flood", host));
    assertThat(Skills.causedBy(thrown, InMemoryHost.Refused.class)).isTrue();
    assertThat(host.logs.get()).isEqualTo(10_001);
    assertThat(host.lastLog).isEqualTo("flood");
  }

  /**
   * Runs {@code run} on a thread, waits until {@code ready} (at most 10 s), checks it is still
   * running, interrupts it and returns what it threw.
   */
  private static Throwable runUntilStopped(Instance instance, BooleanSupplier ready)
      throws InterruptedException {
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    Thread thread =
        new Thread(
            () -> {
              try {
                instance.export("run").apply();
              } catch (Throwable t) {
                thrown.set(t);
              }
            },
            "hostile-skill");
    thread.setDaemon(true);
    thread.start();
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (!ready.getAsBoolean() && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    Thread.sleep(200);
    assertThat(thread.isAlive()).as("still running").isTrue();
    thread.interrupt();
    thread.join(10_000);
    assertThat(thread.isAlive()).as("stopped by the interrupt").isFalse();
    return thrown.get();
  }
}
