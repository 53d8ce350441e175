package sovereign.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.osgi.service.log.LogEntry;
import org.osgi.service.log.LogLevel;
import org.osgi.service.log.LogListener;
import org.osgi.service.log.LogReaderService;

class LogFollowerTest {

  static LogEntry entry(long sequence, String message) {
    LogEntry e = mock(LogEntry.class);
    when(e.getSequence()).thenReturn(sequence);
    when(e.getMessage()).thenReturn(message);
    when(e.getLogLevel()).thenReturn(LogLevel.INFO);
    when(e.getTime()).thenReturn(1_700_000_000_000L + sequence);
    when(e.getLoggerName()).thenReturn("test");
    when(e.getThreadInfo()).thenReturn("main");
    return e;
  }

  @Test
  void replaysHistoryOldestFirstThenFollowsWithoutDuplicates() {
    LogReaderService reader = mock(LogReaderService.class);
    AtomicReference<LogListener> listener = new AtomicReference<>();
    doAnswer(
            inv -> {
              listener.set(inv.getArgument(0));
              return null;
            })
        .when(reader)
        .addLogListener(any());
    // getLog() lists the newest first, as the Log Service specification says.
    List<LogEntry> history = List.of(entry(2, "two"), entry(1, "one"));
    when(reader.getLog()).thenReturn(Collections.enumeration(history));

    List<String> seen = new ArrayList<>();
    String name = "test-" + System.nanoTime();
    try (LogFollower follower = new LogFollower(reader, e -> seen.add(e.getMessage()), name)) {
      listener.get().logged(entry(2, "two")); // also in the history: delivered once
      listener.get().logged(entry(3, "three"));
    }
    assertThat(seen).containsExactly("one", "two", "three");

    // A follower of the same name, e.g. after its bundle was updated, does not repeat the history.
    List<LogEntry> more = List.of(entry(4, "four"), entry(3, "three"), entry(2, "two"));
    when(reader.getLog()).thenReturn(Collections.enumeration(more));
    seen.clear();
    try (LogFollower again = new LogFollower(reader, e -> seen.add(e.getMessage()), name)) {
      assertThat(seen).containsExactly("four");
    }
  }

  @Test
  void routineFrameworkEventsAreLeftOutButTheirWarningsAreKept() {
    LogEntry registered = entry(1, "ServiceEvent REGISTERED");
    when(registered.getLoggerName()).thenReturn("Events.Service");
    LogEntry bundleError = entry(2, "FrameworkEvent ERROR");
    when(bundleError.getLoggerName()).thenReturn("Events.Framework");
    when(bundleError.getLogLevel()).thenReturn(LogLevel.ERROR);
    assertThat(LogFollower.isRoutineFrameworkEvent(registered)).isTrue();
    assertThat(LogFollower.isRoutineFrameworkEvent(bundleError)).isFalse();
    assertThat(LogFollower.isRoutineFrameworkEvent(entry(3, "node ready"))).isFalse();
  }

  @Test
  void jsonLineCarriesTimeLevelMessageAndSequence() {
    String json = JsonLogWriter.toJson(entry(7, "node ready \"quoted\""));
    assertThat(json)
        .startsWith("{\"time\":\"2023-11-14T22:13:20.007Z\"")
        .contains("\"level\":\"INFO\"")
        .contains("\"message\":\"node ready \\\"quoted\\\"\"")
        .contains("\"sequence\":7")
        .doesNotContain("\n");
  }
}
