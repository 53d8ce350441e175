package sovereign.node;

import java.io.PrintStream;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.log.LogEntry;
import org.osgi.service.log.LogLevel;
import org.osgi.service.log.LogReaderService;

/** One readable line per log event on standard output: {@code time LEVEL bundle: message}. */
@Component(
    immediate = true,
    service = {})
public class StdoutLogPrinter {

  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneId.systemDefault());

  @Reference LogReaderService reader;

  PrintStream out = System.out;
  private LogFollower follower;

  @Activate
  void activate() {
    follower = new LogFollower(reader, this::print, "stdout");
  }

  @Deactivate
  void deactivate() {
    follower.close();
  }

  void print(LogEntry entry) {
    if (LogLevel.INFO.implies(entry.getLogLevel())) {
      out.println(format(entry));
    }
  }

  static String format(LogEntry entry) {
    StringBuilder line = new StringBuilder();
    line.append(TIME.format(Instant.ofEpochMilli(entry.getTime())))
        .append(' ')
        .append(String.format("%-5s", entry.getLogLevel()))
        .append(' ')
        .append(entry.getBundle() == null ? "-" : entry.getBundle().getSymbolicName())
        .append(": ")
        .append(entry.getMessage());
    Throwable t = entry.getException();
    if (t != null) {
      line.append(" (").append(t).append(')');
    }
    return line.toString();
  }
}
