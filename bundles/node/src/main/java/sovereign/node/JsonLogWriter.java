package sovereign.node;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.log.LogEntry;
import org.osgi.service.log.LogReaderService;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import sovereign.api.identity.NodeHome;

/**
 * Writes every log event as one JSON object per line to {@code <node>/logs/node.jsonl}, rotating to
 * {@code node.jsonl.1} … when a file passes its size limit. Entries logged before the node home was
 * known come from the log service's history, so boot is logged too.
 */
@Component(
    immediate = true,
    service = {},
    configurationPid = "sovereign.node.log")
@Designate(ocd = JsonLogWriter.Config.class)
public class JsonLogWriter {

  @ObjectClassDefinition(name = "Sovereign JSON-lines log")
  @interface Config {
    @AttributeDefinition(description = "Rotate the log file when it passes this many bytes")
    long maxBytes() default 10L * 1024 * 1024;

    @AttributeDefinition(description = "How many rotated files to keep")
    int keep() default 5;
  }

  static final String FILE = "node.jsonl";
  private static final ObjectMapper JSON = new ObjectMapper();

  @Reference LogReaderService reader;
  @Reference NodeHome home;

  private Path file;
  private Config config;
  private OutputStream out;
  private long size;
  private LogFollower follower;

  @Activate
  void activate(Config config) throws IOException {
    this.config = config;
    Files.createDirectories(home.logs());
    file = home.logs().resolve(FILE);
    open();
    follower = new LogFollower(reader, this::write, "json");
  }

  @Deactivate
  void deactivate() throws IOException {
    follower.close();
    synchronized (this) {
      out.close();
    }
  }

  private void open() throws IOException {
    out =
        Files.newOutputStream(
            file, StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE);
    size = Files.size(file);
  }

  synchronized void write(LogEntry entry) {
    try {
      byte[] line = toJson(entry).getBytes(StandardCharsets.UTF_8);
      out.write(line);
      out.write('\n');
      out.flush();
      // Counted, not asked of the file system on every line.
      size += line.length + 1;
      if (size > config.maxBytes()) {
        rotate();
      }
    } catch (IOException e) {
      // The log cannot log its own failure; standard error is the last resort.
      System.err.println("sovereign: cannot write " + file + ": " + e.getMessage());
    }
  }

  private void rotate() throws IOException {
    out.close();
    for (int i = config.keep() - 1; i >= 1; i--) {
      Path from = file.resolveSibling(FILE + "." + i);
      if (Files.exists(from)) {
        Files.move(
            from, file.resolveSibling(FILE + "." + (i + 1)), StandardCopyOption.REPLACE_EXISTING);
      }
    }
    Files.move(file, file.resolveSibling(FILE + ".1"), StandardCopyOption.REPLACE_EXISTING);
    open();
  }

  static String toJson(LogEntry entry) {
    ObjectNode json = JSON.createObjectNode();
    json.put("time", Instant.ofEpochMilli(entry.getTime()).toString());
    json.put("level", entry.getLogLevel().name());
    json.put("bundle", entry.getBundle() == null ? null : entry.getBundle().getSymbolicName());
    json.put("logger", entry.getLoggerName());
    json.put("thread", entry.getThreadInfo());
    json.put("message", entry.getMessage());
    if (entry.getException() != null) {
      StringWriter trace = new StringWriter();
      entry.getException().printStackTrace(new PrintWriter(trace));
      json.put("exception", trace.toString());
    }
    json.put("sequence", entry.getSequence());
    return json.toString();
  }
}
