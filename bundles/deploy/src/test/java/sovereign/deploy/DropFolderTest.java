package sovereign.deploy;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DropFolderTest {

  private static final Duration SETTLE = Duration.ofSeconds(1);
  private static final Duration POLL = Duration.ofSeconds(2);

  @TempDir Path dir;

  /** The fake clock, in nanoseconds, that decides stability in tests that call scan(). */
  private final AtomicLong now = new AtomicLong(1_000_000_000L);

  private final List<String> events = new CopyOnWriteArrayList<>();
  private final List<String> threads = new CopyOnWriteArrayList<>();
  private final List<String> warnings = new CopyOnWriteArrayList<>();
  private Predicate<String> failOn = e -> false;

  private DropFolder drop;

  @BeforeEach
  void open() {
    drop = new DropFolder(dir, new Recorder(), SETTLE, POLL, warnings::add, now::get);
  }

  @AfterEach
  void close() {
    drop.close();
  }

  @Test
  void aCompleteFileArrivesOnceAfterSettle() throws Exception {
    Path jar = Files.write(dir.resolve("a.jar"), bytes("alpha"));

    drop.scan();
    advance(Duration.ofMillis(999));
    drop.scan();
    assertThat(events).isEmpty();

    advance(Duration.ofMillis(1));
    drop.scan();
    assertThat(events).containsExactly("arrived a.jar");
    assertThat(drop.known()).containsExactly(jar);

    advance(Duration.ofSeconds(5));
    drop.scan();
    drop.scan();
    assertThat(events).containsExactly("arrived a.jar");
  }

  @Test
  void oneScanAfterALongTimeIsNotEnough() throws Exception {
    advance(Duration.ofHours(1));
    Files.write(dir.resolve("a.jar"), bytes("alpha"));

    drop.scan();

    assertThat(events).as("stability needs two scans, settle apart").isEmpty();
  }

  @Test
  void aFileWrittenInChunksIsReportedOnceWhenItStopsGrowing() throws Exception {
    Path jar = dir.resolve("big.jar");
    Files.write(jar, bytes("chunk-1 "));
    drop.scan();
    for (int i = 2; i <= 4; i++) {
      advance(Duration.ofSeconds(3));
      Files.write(jar, bytes("chunk-" + i + " "), StandardOpenOption.APPEND);
      drop.scan();
      assertThat(events).as("still growing after chunk %d", i).isEmpty();
    }

    advance(SETTLE);
    drop.scan();
    advance(SETTLE);
    drop.scan();

    assertThat(events).containsExactly("arrived big.jar");
    assertThat(Files.readString(jar)).isEqualTo("chunk-1 chunk-2 chunk-3 chunk-4 ");
  }

  @Test
  void writeThenRenameReportsOnlyTheRenamedJar() throws Exception {
    Path part = Files.write(dir.resolve("x.jar.part"), bytes("half"));
    Path hidden = Files.write(dir.resolve(".y.jar"), bytes("half"));
    settle();
    Files.write(part, bytes(" and the rest"), StandardOpenOption.APPEND);
    settle();
    assertThat(events).isEmpty();

    Files.move(part, dir.resolve("x.jar"), StandardCopyOption.ATOMIC_MOVE);
    Files.move(hidden, dir.resolve("y.jar"), StandardCopyOption.ATOMIC_MOVE);
    settle();

    assertThat(events).containsExactly("arrived x.jar", "arrived y.jar");
  }

  @Test
  void temporaryAndHiddenNamesAreIgnored() throws Exception {
    for (String name :
        List.of(
            ".a.jar",
            ".jar",
            "b.jar.tmp",
            "c.jar.part",
            "d.jar.partial",
            "e.jar.crdownload",
            "f.jar~",
            "g.jar.swp",
            "h.tmp",
            "notes.txt",
            "i.JAR",
            "j.jar.zip")) {
      Files.write(dir.resolve(name), bytes(name));
    }

    settle();
    settle();

    assertThat(events).isEmpty();
    assertThat(drop.known()).isEmpty();
  }

  @Test
  void subdirectoriesAreIgnored() throws Exception {
    Files.createDirectories(dir.resolve("rejected"));
    Files.write(dir.resolve("rejected/a.jar"), bytes("rejected"));
    Files.createDirectories(dir.resolve("history"));
    Files.write(dir.resolve("history/b.jar"), bytes("old"));
    Files.createDirectories(dir.resolve("dir.jar"));

    settle();
    settle();

    assertThat(events).isEmpty();
  }

  @Test
  void anEmptyFileIsReportedOnlyOnceItHasContentAndIsStable() throws Exception {
    Path jar = Files.createFile(dir.resolve("empty.jar"));
    settle();
    advance(Duration.ofMinutes(10));
    drop.scan();
    settle();
    assertThat(events).isEmpty();

    Files.write(jar, bytes("now with content"));
    drop.scan();
    assertThat(events).isEmpty();
    advance(SETTLE);
    drop.scan();

    assertThat(events).containsExactly("arrived empty.jar");
  }

  @Test
  void changedContentIsReportedOnceWhenStableAgain() throws Exception {
    Path jar = Files.write(dir.resolve("a.jar"), bytes("version 1"));
    settle();

    Files.write(jar, bytes("version 2, longer"));
    drop.scan();
    assertThat(events).containsExactly("arrived a.jar");
    advance(SETTLE);
    drop.scan();
    settle();

    assertThat(events).containsExactly("arrived a.jar", "changed a.jar");
    assertThat(drop.known()).containsExactly(jar);
  }

  @Test
  void aChangeOfTheSameSizeIsReported() throws Exception {
    Path jar = Files.write(dir.resolve("a.jar"), bytes("version 1"));
    FileTime written = Files.getLastModifiedTime(jar);
    settle();

    Files.write(jar, bytes("version 2"));
    Files.setLastModifiedTime(jar, FileTime.fromMillis(written.toMillis() + 5_000));
    settle();
    settle();

    assertThat(events).containsExactly("arrived a.jar", "changed a.jar");
  }

  @Test
  void touchingWithoutChangingTheBytesIsNotAChange() throws Exception {
    Path jar = Files.write(dir.resolve("a.jar"), bytes("same bytes"));
    settle();

    Files.setLastModifiedTime(
        jar, FileTime.fromMillis(Files.getLastModifiedTime(jar).toMillis() + 60_000));
    settle();
    settle();
    Path copy = Files.write(dir.resolve("a.jar.part"), bytes("same bytes"));
    Files.move(copy, jar, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    settle();
    settle();

    assertThat(events).containsExactly("arrived a.jar");
    assertThat(drop.known()).containsExactly(jar);
  }

  @Test
  void aDeletedOrMovedAwayJarIsRemovedOnce() throws Exception {
    Path a = Files.write(dir.resolve("a.jar"), bytes("a"));
    Path b = Files.write(dir.resolve("b.jar"), bytes("b"));
    Path c = Files.write(dir.resolve("c.jar"), bytes("c"));
    settle();
    assertThat(drop.known()).containsExactly(a, b, c);

    Files.delete(a);
    Files.createDirectories(dir.resolve("rejected"));
    Files.move(b, dir.resolve("rejected/b.jar"));
    Files.move(c, dir.resolve("c.jar.tmp"));
    drop.scan();
    settle();
    settle();

    assertThat(events)
        .containsExactly(
            "arrived a.jar",
            "arrived b.jar",
            "arrived c.jar",
            "removed a.jar",
            "removed b.jar",
            "removed c.jar");
    assertThat(drop.known()).isEmpty();
  }

  @Test
  void aFailingListenerIsLoggedAndLaterEventsStillArrive() throws Exception {
    failOn = "arrived a.jar"::equals;
    Files.write(dir.resolve("a.jar"), bytes("a"));
    settle();

    assertThat(warnings).singleElement().asString().contains("a.jar").contains("boom");

    Files.write(dir.resolve("b.jar"), bytes("b"));
    Files.delete(dir.resolve("a.jar"));
    settle();

    assertThat(events).containsExactly("arrived a.jar", "removed a.jar", "arrived b.jar");
    assertThat(warnings).hasSize(1);
  }

  @Test
  void scanFromTheListenerIsRefused() throws Exception {
    drop.close();
    drop =
        new DropFolder(
            dir,
            new Recorder() {
              @Override
              public void arrived(Path jar) {
                super.arrived(jar);
                drop.scan();
              }
            },
            SETTLE,
            POLL,
            warnings::add,
            now::get);
    Files.write(dir.resolve("a.jar"), bytes("a"));

    settle();

    assertThat(events).containsExactly("arrived a.jar");
    assertThat(warnings).singleElement().asString().contains("scan() called from the listener");
  }

  @Test
  void theThreadReportsAJarDroppedByRenameAndCreatesTheFolder() throws Exception {
    Path folder = dir.resolve("node/deploy");
    drop.close();
    drop = new DropFolder(folder, new Recorder(), Duration.ofMillis(200), POLL, warnings::add);

    drop.start();
    assertThat(folder).isDirectory();
    Path part = Files.write(folder.resolve("x.jar.part"), bytes("a signed bundle"));
    Files.move(part, folder.resolve("x.jar"), StandardCopyOption.ATOMIC_MOVE);

    awaitEvents(1);
    assertThat(events).containsExactly("arrived x.jar");
    assertThat(threads).containsOnly(DropFolder.THREAD_NAME);
    assertThat(drop.known()).containsExactly(folder.resolve("x.jar"));

    Files.delete(folder.resolve("x.jar"));
    awaitEvents(2);
    assertThat(events).containsExactly("arrived x.jar", "removed x.jar");
    assertThat(warnings).isEmpty();
  }

  @Test
  void closeStopsTheThreadAndIsIdempotent() throws Exception {
    drop.close();
    drop = new DropFolder(dir, new Recorder(), SETTLE, POLL, warnings::add);
    drop.start();
    assertThat(watcherAlive()).isTrue();
    assertThat(watcherThread().isDaemon()).isTrue();

    drop.close();
    assertThat(watcherAlive()).isFalse();
    drop.close();

    assertThatThrownBy(drop::start).isInstanceOf(IllegalStateException.class);
    assertThat(warnings).isEmpty();
  }

  @Test
  void closingFromTheListenerEndsTheThread() throws Exception {
    drop.close();
    drop =
        new DropFolder(
            dir,
            new Recorder() {
              @Override
              public void arrived(Path jar) {
                super.arrived(jar);
                drop.close();
              }
            },
            Duration.ofMillis(100),
            POLL,
            warnings::add);
    Files.write(dir.resolve("a.jar"), bytes("a"));

    drop.start();
    awaitEvents(1);

    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (watcherAlive() && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(watcherAlive()).isFalse();
    assertThat(warnings).isEmpty();
  }

  @Test
  void aFolderThatCannotBeListedReportsNothingRemoved() throws Exception {
    Path folder = Files.createDirectories(dir.resolve("deploy"));
    drop.close();
    drop = new DropFolder(folder, new Recorder(), SETTLE, POLL, warnings::add, now::get);
    Files.write(folder.resolve("a.jar"), bytes("a"));
    settle();

    Files.delete(folder.resolve("a.jar"));
    Files.delete(folder);
    settle();
    settle();
    assertThat(events).containsExactly("arrived a.jar");
    assertThat(drop.known()).containsExactly(folder.resolve("a.jar"));
    assertThat(warnings).singleElement().asString().contains("cannot be listed");

    Files.createDirectories(folder);
    drop.scan();

    assertThat(events).containsExactly("arrived a.jar", "removed a.jar");
  }

  @Test
  void startTwiceIsRefused() {
    drop.start();

    assertThatThrownBy(drop::start).isInstanceOf(IllegalStateException.class);
  }

  // --- helpers ---

  private class Recorder implements DropFolder.Listener {
    @Override
    public void arrived(Path jar) {
      record("arrived", jar);
    }

    @Override
    public void changed(Path jar) {
      record("changed", jar);
    }

    @Override
    public void removed(Path jar) {
      record("removed", jar);
    }

    private void record(String kind, Path jar) {
      assertThat(jar.getParent()).isEqualTo(drop.directory());
      String event = kind + " " + jar.getFileName();
      events.add(event);
      threads.add(Thread.currentThread().getName());
      if (failOn.test(event)) {
        throw new IllegalStateException("boom");
      }
    }
  }

  /** Two scans settle apart: whatever is stable now is reported by the second. */
  private void settle() {
    drop.scan();
    advance(SETTLE);
    drop.scan();
  }

  private void advance(Duration duration) {
    now.addAndGet(duration.toNanos());
  }

  private void awaitEvents(int count) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (events.size() < count && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(events).as("events within 10 s").hasSizeGreaterThanOrEqualTo(count);
  }

  private static Thread watcherThread() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().equals(DropFolder.THREAD_NAME) && t.isAlive())
        .findFirst()
        .orElseThrow();
  }

  private static boolean watcherAlive() {
    return Thread.getAllStackTraces().keySet().stream()
        .anyMatch(t -> t.getName().equals(DropFolder.THREAD_NAME) && t.isAlive());
  }

  private static byte[] bytes(String s) {
    return s.getBytes(UTF_8);
  }
}
