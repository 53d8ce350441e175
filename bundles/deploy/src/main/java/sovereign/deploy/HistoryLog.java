package sovereign.deploy;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import sovereign.api.deploy.Deployment;
import sovereign.api.deploy.HistoryRecord;

/**
 * {@code deploy/history.jsonl}: one JSON line per bundle change of every finished transaction,
 * appended and synced. A line that cannot be read (a torn last line after a crash) is skipped with
 * a warning rather than hiding the rest.
 */
final class HistoryLog {

  private static final ObjectMapper JSON =
      new ObjectMapper().setSerializationInclusion(JsonInclude.Include.NON_NULL);

  /** The line format: plain strings, so no Jackson modules are needed for Instant or Optional. */
  private record Line(
      String time,
      String transaction,
      Deployment.Action action,
      String bundle,
      String from,
      String to,
      Deployment.Outcome outcome,
      String reason,
      long millis) {

    static Line of(HistoryRecord r) {
      return new Line(
          r.time().toString(),
          r.transaction(),
          r.action(),
          r.symbolicName(),
          r.from().orElse(null),
          r.to().orElse(null),
          r.outcome(),
          r.reason().orElse(null),
          r.millis());
    }

    HistoryRecord record() {
      return new HistoryRecord(
          Instant.parse(time),
          transaction,
          action,
          bundle,
          Optional.ofNullable(from),
          Optional.ofNullable(to),
          outcome,
          Optional.ofNullable(reason),
          millis);
    }
  }

  private final Path file;

  HistoryLog(Path file) {
    this.file = file;
  }

  synchronized void append(List<HistoryRecord> records) throws IOException {
    StringBuilder lines = new StringBuilder();
    for (HistoryRecord record : records) {
      lines.append(JSON.writeValueAsString(Line.of(record))).append('\n');
    }
    Files.createDirectories(file.getParent());
    try (FileChannel channel =
        FileChannel.open(
            file, StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE)) {
      channel.write(ByteBuffer.wrap(lines.toString().getBytes(StandardCharsets.UTF_8)));
      channel.force(true);
    }
  }

  synchronized List<HistoryRecord> read(Consumer<String> warn) throws IOException {
    List<HistoryRecord> out = new ArrayList<>();
    if (!Files.exists(file)) {
      return out;
    }
    int number = 0;
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      number++;
      if (line.isBlank()) {
        continue;
      }
      try {
        out.add(JSON.readValue(line, Line.class).record());
      } catch (IOException | RuntimeException e) {
        warn.accept(file + " line " + number + " is not a history record; skipped");
      }
    }
    return out;
  }
}
