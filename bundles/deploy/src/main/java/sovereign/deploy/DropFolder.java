package sovereign.deploy;

import static java.nio.file.StandardWatchEventKinds.ENTRY_CREATE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_DELETE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_MODIFY;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Watches a node's drop folder ({@code <node>/deploy/}) and tells a {@link Listener} when a bundle
 * jar there is complete, so that a jar still being copied in is never handed on. It only decides
 * <em>when</em>; verifying and installing is the listener's business.
 *
 * <p>Rules, as an operator sees them:
 *
 * <ol>
 *   <li><b>What counts.</b> Only regular files directly in the folder whose name ends in {@code
 *       .jar} (lower case) count; a symbolic link counts as the file it points to. Ignored: names
 *       starting with {@code .}; names ending in {@code .tmp}, {@code .part}, {@code .partial},
 *       {@code .crdownload}, {@code ~} or {@code .swp}; every subdirectory and what is inside it
 *       ({@code rejected/}, {@code history/}), even one whose name ends in {@code .jar}.
 *   <li><b>How to drop a jar.</b> Write it under an ignored name ({@code x.jar.part} or {@code
 *       .x.jar}) in the same folder, then rename it to {@code x.jar}. The rename is atomic, so the
 *       jar is complete the moment it can be seen.
 *   <li><b>Stability, for jars copied in directly.</b> A jar is reported only when two scans at
 *       least {@code settle} apart (1 s on a node) saw the same size, the same last-modified time
 *       and the same file identity (inode, and where the file system has one the status-change
 *       time). Any difference restarts the wait, so a file that keeps growing is not reported until
 *       it has stopped for {@code settle}. An empty file is never reported, however long it stays
 *       so.
 *   <li><b>{@link Listener#arrived arrived}</b> is called once per jar that became stable and was
 *       not reported before. Jars already in the folder when the watcher starts are reported this
 *       way too.
 *   <li><b>{@link Listener#changed changed}</b> is called when a reported jar's size, last-modified
 *       time or identity changed, became stable again (as in 3) and its SHA-256 differs from the
 *       content last reported. A {@code touch}, or replacing a jar with identical bytes, is not a
 *       change and is not reported. A reported jar that becomes empty is neither changed nor
 *       removed until it has content again.
 *   <li><b>{@link Listener#removed removed}</b> is called, at the next scan, once per reported jar
 *       that is gone: deleted, renamed to another name (including an ignored one) or moved into a
 *       subdirectory. A rename to another {@code .jar} name is a removal of the old name and an
 *       arrival of the new one.
 *   <li><b>Scans.</b> {@link #start} scans at once, then whenever the file system reports a change
 *       in the folder, and in any case every {@code poll} (2 s on a node), because change events
 *       are missed on some file systems (network and container mounts). While a jar is waiting to
 *       settle the next scan is due when it can be stable, so a jar is normally reported about
 *       {@code settle} after its last write. {@link #scan} runs one scan on the caller's thread.
 *   <li><b>Errors.</b> The folder is created by {@link #start} if it is missing. A file that cannot
 *       be read this round is skipped this round only, and keeps its state (a reported jar is not
 *       reported removed because of a read error). If the folder itself cannot be listed, the round
 *       is skipped and nothing is reported removed. An exception thrown by the listener is passed
 *       to the warning sink; that event is not repeated, and the watcher goes on.
 * </ol>
 *
 * <p>Threads: {@link #start} runs one daemon thread named {@value #THREAD_NAME}. Scans hold a lock,
 * so a {@link #scan} call never runs at the same time as the thread's scan; the listener is called
 * by the thread doing the scan, under that lock, one event at a time: removals, then changes, then
 * arrivals, each in name order. {@link #close} stops the thread and waits for it.
 */
final class DropFolder implements AutoCloseable {

  /** Told about jars in the folder; see the class comment for exactly when. */
  interface Listener {

    /** A jar not reported before is complete. */
    void arrived(Path jar);

    /** A reported jar has new content, and that content is complete. */
    void changed(Path jar);

    /** A reported jar is no longer in the folder. */
    void removed(Path jar);
  }

  static final String THREAD_NAME = "sovereign-deploy-watch";

  private static final List<String> IGNORED_SUFFIXES =
      List.of(".tmp", ".part", ".partial", ".crdownload", "~", ".swp");

  /** The shortest wait between two scans of the thread, however soon a jar may be stable. */
  private static final long MIN_WAIT_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

  private static final long JOIN_MILLIS = 10_000;

  private final Path dir;
  private final Listener listener;
  private final long settleNanos;
  private final long pollNanos;
  private final Consumer<String> warnings;
  private final LongSupplier nanoTime;
  private final DropFolderFiles files;

  private final ReentrantLock scanLock = new ReentrantLock();
  private final Object lifecycle = new Object();
  private final AtomicBoolean started = new AtomicBoolean();
  private final AtomicBoolean closed = new AtomicBoolean();

  // Guarded by scanLock.
  private final Map<Path, Reported> reported = new TreeMap<>();
  private final Map<Path, Pending> pending = new TreeMap<>();
  private final Set<Path> unreadable = new TreeSet<>(); // warned about, so not at every scan
  private boolean listingFailed;

  /** What {@link #known} returns: replaced, never changed, after each scan that changed it. */
  private volatile Set<Path> known = Set.of();

  /** When the thread should scan next because a jar may then be stable; {@code Long.MAX_VALUE}. */
  private volatile long nextDue = Long.MAX_VALUE;

  private volatile Thread thread;
  private volatile WatchService watchService;

  /** Whether the folder is registered with the watch service; only the thread changes it. */
  private boolean watching;

  /** Whether the last failure to register was reported, so it is not repeated at each poll. */
  private boolean registerWarned;

  /** The state of a reported jar: what it looked like then, and its content's SHA-256. */
  private record Reported(DropFolderFiles.Look look, byte[] sha256) {}

  /** A jar that is not (or no longer) stable: what it looked like, and since when. */
  private record Pending(DropFolderFiles.Look look, long since) {}

  /** Warnings go to the platform logger. */
  DropFolder(Path dir, Listener listener, Duration settle, Duration poll) {
    this(dir, listener, settle, poll, DropFolder::log);
  }

  DropFolder(
      Path dir, Listener listener, Duration settle, Duration poll, Consumer<String> warnings) {
    this(dir, listener, settle, poll, warnings, System::nanoTime);
  }

  /**
   * For tests: {@code nanoTime} is the clock that decides stability (as {@link System#nanoTime});
   * the thread still waits in real time.
   */
  DropFolder(
      Path dir,
      Listener listener,
      Duration settle,
      Duration poll,
      Consumer<String> warnings,
      LongSupplier nanoTime) {
    if (settle.isNegative()) {
      throw new IllegalArgumentException("settle must not be negative: " + settle);
    }
    if (poll.isNegative() || poll.isZero()) {
      throw new IllegalArgumentException("poll must be positive: " + poll);
    }
    this.dir = dir;
    this.listener = listener;
    this.settleNanos = settle.toNanos();
    this.pollNanos = poll.toNanos();
    this.warnings = warnings;
    this.nanoTime = nanoTime;
    this.files = new DropFolderFiles(dir);
  }

  Path directory() {
    return dir;
  }

  /**
   * Creates the folder if it is missing and starts the thread, which scans at once. Change events
   * are asked of the file system; if it cannot give them, a warning says so and the thread polls
   * only.
   *
   * @throws IllegalStateException if already started, or closed
   * @throws UncheckedIOException if the folder cannot be created
   */
  void start() {
    synchronized (lifecycle) {
      if (closed.get()) {
        throw new IllegalStateException("closed");
      }
      if (!started.compareAndSet(false, true)) {
        throw new IllegalStateException("already started");
      }
      startLocked();
    }
  }

  private void startLocked() {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      started.set(false);
      throw new UncheckedIOException("cannot create the drop folder " + dir, e);
    }
    try {
      WatchService service = dir.getFileSystem().newWatchService();
      watchService = service;
      watching = register(service);
    } catch (IOException | UnsupportedOperationException e) {
      warnings.accept(
          "drop folder " + dir + ": no change events (" + e + "), polling every " + poll());
    }
    Thread t = new Thread(this::run, THREAD_NAME);
    t.setDaemon(true);
    thread = t;
    t.start();
  }

  /**
   * Scans the folder once on the caller's thread, calling the listener for what the scan found;
   * waits while the watcher thread scans. Does nothing once closed.
   *
   * @throws IllegalStateException if called from the listener during a scan
   */
  void scan() {
    if (scanLock.isHeldByCurrentThread()) {
      throw new IllegalStateException("scan() called from the listener during a scan");
    }
    scanLock.lock();
    try {
      if (!closed.get()) {
        deliver(scanLocked());
      }
    } finally {
      scanLock.unlock();
    }
  }

  /** The jars reported (arrived) and not removed since, in name order. */
  Set<Path> known() {
    return known;
  }

  /**
   * Stops the thread and releases the file system's change events: interrupts the thread and waits
   * up to 10 s for it to end (a listener call in progress delays it), warning if it has not. Scans
   * after this do nothing. Idempotent. Called from the listener it does not wait: the thread ends
   * after the scan in progress.
   */
  @Override
  public void close() {
    if (Thread.currentThread() == thread || scanLock.isHeldByCurrentThread()) {
      if (closed.compareAndSet(false, true)) {
        closeWatchService(); // the thread, if waiting for events, wakes up and ends
      }
      return;
    }
    synchronized (lifecycle) {
      if (closed.compareAndSet(false, true)) {
        closeWatchService();
        stopThread();
      }
    }
  }

  private void closeWatchService() {
    WatchService service = watchService;
    if (service != null) {
      try {
        service.close();
      } catch (IOException e) {
        warnings.accept("drop folder " + dir + ": closing the watch service: " + e);
      }
    }
  }

  private void stopThread() {
    Thread t = thread;
    if (t != null) {
      t.interrupt();
      try {
        t.join(JOIN_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      if (t.isAlive()) {
        warnings.accept(
            "drop folder "
                + dir
                + ": "
                + THREAD_NAME
                + " did not stop within "
                + JOIN_MILLIS
                + " ms");
      }
    }
  }

  // --- the thread ---

  private void run() {
    try {
      scanSafely();
      while (!closed.get()) {
        if (!await()) {
          break;
        }
        scanSafely();
      }
    } finally {
      WatchService service = watchService;
      if (service != null) {
        try {
          service.close();
        } catch (IOException ignored) {
          // close() reports it.
        }
      }
    }
  }

  private void scanSafely() {
    try {
      scan();
    } catch (RuntimeException e) {
      warnings.accept("drop folder " + dir + ": scan failed: " + e);
    }
  }

  /**
   * Waits for a change event, for the poll interval, or until a waiting jar may be stable,
   * whichever comes first. Returns false when the watcher is closed.
   */
  private boolean await() {
    long wait = pollNanos;
    long due = nextDue;
    if (due != Long.MAX_VALUE) {
      wait = Math.min(wait, Math.max(MIN_WAIT_NANOS, due - nanoTime.getAsLong()));
    }
    WatchService service = watchService;
    if (service != null && !watching) {
      watching = register(service); // the folder was deleted or replaced; it may be back
    }
    try {
      if (service == null || !watching) {
        TimeUnit.NANOSECONDS.sleep(wait);
        return !closed.get();
      }
      WatchKey key = service.poll(wait, TimeUnit.NANOSECONDS);
      while (key != null) {
        key.pollEvents(); // what changed does not matter: the scan looks at everything
        if (!key.reset()) {
          watching = false; // the folder was deleted or replaced
        }
        key = service.poll();
      }
      return !closed.get();
    } catch (InterruptedException | ClosedWatchServiceException e) {
      return false;
    }
  }

  /** Registers the folder for change events; false, with a warning, if it cannot. */
  private boolean register(WatchService service) {
    if (!Files.isDirectory(dir)) {
      return false;
    }
    try {
      dir.register(service, ENTRY_CREATE, ENTRY_DELETE, ENTRY_MODIFY);
      registerWarned = false;
      return true;
    } catch (ClosedWatchServiceException e) {
      return false; // closing
    } catch (IOException e) {
      if (!registerWarned) {
        warnings.accept("drop folder " + dir + ": no change events, polling only: " + e);
      }
      registerWarned = true;
      return false;
    }
  }

  // --- the scan ---

  private enum Kind {
    REMOVED,
    CHANGED,
    ARRIVED
  }

  private record Event(Kind kind, Path jar) {}

  /** Updates the state from what is in the folder now, and returns what to tell the listener. */
  private List<Event> scanLocked() {
    Map<Path, DropFolderFiles.Look> present;
    try {
      present = files.list();
      listingFailed = false;
    } catch (IOException e) {
      if (!listingFailed) {
        warnings.accept("drop folder " + dir + " cannot be listed, nothing is reported: " + e);
      }
      listingFailed = true;
      return List.of();
    }
    long now = nanoTime.getAsLong();
    List<Event> removed = new ArrayList<>();
    List<Event> changed = new ArrayList<>();
    List<Event> arrived = new ArrayList<>();

    for (Path jar : new ArrayList<>(reported.keySet())) {
      if (!present.containsKey(jar)) {
        reported.remove(jar);
        removed.add(new Event(Kind.REMOVED, jar));
      }
    }
    pending.keySet().retainAll(present.keySet());
    unreadable.retainAll(present.keySet());

    long due = Long.MAX_VALUE;
    for (Map.Entry<Path, DropFolderFiles.Look> entry : present.entrySet()) {
      Path jar = entry.getKey();
      DropFolderFiles.Look look = entry.getValue();
      if (look == null) {
        continue; // unreadable this round: state kept as it is
      }
      Reported before = reported.get(jar);
      if (before != null && before.look().equals(look)) {
        pending.remove(jar);
        continue;
      }
      Pending waiting = pending.get(jar);
      if (waiting == null || !waiting.look().equals(look)) {
        pending.put(jar, new Pending(look, now));
        if (look.size() > 0) {
          due = Math.min(due, now + settleNanos);
        }
        continue;
      }
      if (look.size() == 0) {
        continue; // never stable while empty
      }
      if (now - waiting.since() < settleNanos) {
        due = Math.min(due, waiting.since() + settleNanos);
        continue;
      }
      byte[] sha256;
      DropFolderFiles.Look after;
      try {
        sha256 = sha256(jar);
        after = files.look(jar);
      } catch (IOException e) {
        if (!(e instanceof NoSuchFileException) && unreadable.add(jar)) {
          warnings.accept("drop folder: cannot read " + jar + ", skipped until it can be: " + e);
        }
        continue;
      }
      if (after == null) {
        pending.remove(jar); // no longer a regular file
        continue;
      }
      if (!look.equals(after)) {
        pending.put(jar, new Pending(after, now)); // written while being read: wait again
        due = Math.min(due, now + settleNanos);
        continue;
      }
      pending.remove(jar);
      unreadable.remove(jar);
      reported.put(jar, new Reported(look, sha256));
      if (before == null) {
        arrived.add(new Event(Kind.ARRIVED, jar));
      } else if (!Arrays.equals(before.sha256(), sha256)) {
        changed.add(new Event(Kind.CHANGED, jar));
      }
    }
    nextDue = due;
    if (!removed.isEmpty() || !arrived.isEmpty()) {
      known = Collections.unmodifiableSet(new TreeSet<>(reported.keySet()));
    }
    List<Event> events = new ArrayList<>(removed);
    events.addAll(changed);
    events.addAll(arrived);
    return events;
  }

  private void deliver(List<Event> events) {
    for (Event event : events) {
      try {
        switch (event.kind()) {
          case REMOVED -> listener.removed(event.jar());
          case CHANGED -> listener.changed(event.jar());
          case ARRIVED -> listener.arrived(event.jar());
        }
      } catch (RuntimeException | LinkageError e) {
        warnings.accept(
            "drop folder: listener failed on "
                + event.kind().name().toLowerCase(Locale.ROOT)
                + " "
                + event.jar()
                + ": "
                + e);
      }
    }
  }

  /** Whether a name in the folder can be a jar to report (before looking at the file). */
  static boolean counts(String name) {
    if (name.startsWith(".") || !name.endsWith(".jar")) {
      return false;
    }
    return IGNORED_SUFFIXES.stream().noneMatch(name::endsWith);
  }

  private static byte[] sha256(Path file) throws IOException {
    MessageDigest digest;
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
    byte[] buffer = new byte[64 * 1024];
    try (InputStream in = Files.newInputStream(file)) {
      for (int n; (n = in.read(buffer)) != -1; ) {
        digest.update(buffer, 0, n);
      }
    }
    return digest.digest();
  }

  private Duration poll() {
    return Duration.ofNanos(pollNanos);
  }

  private static void log(String warning) {
    System.getLogger(DropFolder.class.getName()).log(System.Logger.Level.WARNING, warning);
  }
}
