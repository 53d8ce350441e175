package sovereign.node;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.function.Consumer;
import org.osgi.service.log.LogEntry;
import org.osgi.service.log.LogLevel;
import org.osgi.service.log.LogListener;
import org.osgi.service.log.LogReaderService;

/**
 * Delivers every log entry once, in order: first the log service's history (what was logged before
 * this follower existed, e.g. before the node home was known), then each new entry.
 */
final class LogFollower implements LogListener, AutoCloseable {

  private final LogReaderService reader;
  private final Consumer<LogEntry> sink;
  private final String progress;
  private long lastSequence;

  /**
   * @param name names this follower's progress, which outlives the follower: when its component
   *     restarts (e.g. the node bundle is updated) the history is not delivered a second time. The
   *     Log Service numbers entries once per JVM, so the progress is kept in a system property.
   */
  LogFollower(LogReaderService reader, Consumer<LogEntry> sink, String name) {
    this.reader = reader;
    this.sink = sink;
    this.progress = "sovereign.log." + name + ".sequence";
    this.lastSequence = Long.getLong(progress, -1);
    // Listening first and replaying under the lock loses nothing: entries that arrive meanwhile
    // wait for the lock and are then delivered only if newer than the history.
    synchronized (this) {
      reader.addLogListener(this);
      List<LogEntry> history = new ArrayList<>();
      for (Enumeration<LogEntry> e = reader.getLog(); e.hasMoreElements(); ) {
        history.add(e.nextElement());
      }
      Collections.reverse(history); // getLog() lists the newest first
      history.forEach(this::logged);
    }
  }

  @Override
  public synchronized void logged(LogEntry entry) {
    if (entry.getSequence() <= lastSequence || isRoutineFrameworkEvent(entry)) {
      return;
    }
    lastSequence = entry.getSequence();
    sink.accept(entry);
    System.setProperty(progress, Long.toString(lastSequence));
  }

  /**
   * The Log Service also records every bundle, service and framework event (logger names {@code
   * Events.*}, OSGi Compendium 101.8); below WARN they are bookkeeping, not events of the node.
   */
  static boolean isRoutineFrameworkEvent(LogEntry entry) {
    String logger = entry.getLoggerName();
    return logger != null
        && logger.startsWith("Events.")
        && !LogLevel.WARN.implies(entry.getLogLevel());
  }

  @Override
  public void close() {
    reader.removeLogListener(this);
  }
}
