package sovereign.policy;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import sovereign.api.identity.NodeHome;
import sovereign.api.ledger.Amounts;
import sovereign.api.policy.Request;

/**
 * The append-only audit log {@code <node>/logs/audit.jsonl}: callers queue events (a full queue
 * makes them wait, so nothing is dropped), one thread writes them as JSON lines, and stopping
 * writes everything queued before the file closes. Consecutive identical events become one line
 * with a {@code count}.
 */
@Component(service = AuditService.class, configurationPid = AuditService.PID)
@Designate(ocd = AuditService.Config.class)
public final class AuditService {

  static final String PID = "sovereign.policy.audit";
  static final String FILE = "audit.jsonl";

  @ObjectClassDefinition(
      name = "Sovereign policy audit",
      description = "The queue between deciding and writing the audit log.")
  @interface Config {
    @AttributeDefinition(
        description =
            "Events that may wait to be written; when it is full, deciding waits for the writer")
    int queueCapacity() default 65536;
  }

  @Reference NodeHome home;

  @Reference(service = LoggerFactory.class)
  Logger logger;

  private static final int BATCH = 4096;
  private static final Object STOP = new Object();

  private final JsonFactory json = new JsonFactory();
  private final String runToken = Long.toString(System.currentTimeMillis(), 36);
  private BlockingQueue<Object> queue;
  private Thread writer;
  private volatile boolean closed;
  private Path file;
  private OutputStream out;
  private JsonGenerator gen;
  private long sequence;

  @Activate
  void activate(Config config) throws IOException {
    open(home.logs().resolve(FILE), config.queueCapacity());
  }

  /** Opens the log; the seam the unit tests use instead of DS. */
  void open(Path file, int capacity) throws IOException {
    this.file = file;
    Files.createDirectories(file.getParent());
    out =
        new BufferedOutputStream(
            Files.newOutputStream(
                file,
                StandardOpenOption.CREATE,
                StandardOpenOption.APPEND,
                StandardOpenOption.WRITE),
            1 << 16);
    gen = json.createGenerator(out);
    gen.setRootValueSeparator(null);
    queue = new ArrayBlockingQueue<>(Math.max(16, capacity));
    closed = false;
    writer = new Thread(this::writeLoop, "sovereign-policy-audit");
    writer.setDaemon(true);
    writer.start();
  }

  /** Writes everything queued, then closes the file. */
  @Deactivate
  void deactivate() throws InterruptedException {
    closed = true;
    put(STOP);
    writer.join(30_000);
  }

  Path file() {
    return file;
  }

  /** Queues an event; waits while the queue is full; never drops it. */
  void record(AuditEvent event) {
    if (closed) {
      throw new IllegalStateException("the audit log " + file + " is closed");
    }
    put(event);
  }

  /** Returns once every event queued before the call is written to the file. */
  void flush() {
    CountDownLatch written = new CountDownLatch(1);
    put(written);
    try {
      if (!written.await(30, TimeUnit.SECONDS)) {
        throw new IllegalStateException("the audit log " + file + " is not being written");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while the audit log was written", e);
    }
  }

  /** The newest lines, oldest first, after writing everything queued. */
  List<String> newest(int n) throws IOException {
    flush();
    return AuditTail.last(file, n);
  }

  private void put(Object item) {
    boolean interrupted = false;
    while (true) {
      try {
        queue.put(item);
        break;
      } catch (InterruptedException e) {
        interrupted = true; // an interrupted caller's event is still recorded
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  private void writeLoop() {
    List<Object> batch = new ArrayList<>(BATCH);
    try {
      while (true) {
        batch.add(queue.take());
        queue.drainTo(batch, BATCH - 1);
        if (!writeRetrying(batch)) {
          return;
        }
        batch.clear();
      }
    } catch (InterruptedException e) {
      logger.error(
          "the audit writer was interrupted; {} queued events are not written", queue.size());
    }
  }

  /** Writes a batch, retrying every second while the file cannot be written; false at STOP. */
  private boolean writeRetrying(List<Object> batch) throws InterruptedException {
    while (true) {
      try {
        return write(batch);
      } catch (IOException e) {
        logger.error("cannot write the audit log {}: {}; retrying", file, e.toString());
        Thread.sleep(1000);
      }
    }
  }

  private boolean write(List<Object> batch) throws IOException {
    AuditEvent same = null;
    long last = 0;
    int count = 0;
    for (Object item : batch) {
      if (item instanceof AuditEvent e) {
        if (same != null && same.sameAs(e)) {
          count++;
          last = e.millis();
          continue;
        }
        if (same != null) {
          line(same, count, last);
        }
        same = e;
        count = 1;
        last = e.millis();
      }
    }
    if (same != null) {
      line(same, count, last);
    }
    gen.flush();
    for (Object item : batch) {
      if (item instanceof CountDownLatch written) {
        written.countDown();
      } else if (item == STOP) {
        gen.close();
        out.close();
        return false;
      }
    }
    return true;
  }

  private void line(AuditEvent e, int count, long last) throws IOException {
    String id = runToken + "-" + (++sequence);
    Request r = e.request();
    gen.writeStartObject();
    gen.writeStringField("id", id);
    gen.writeStringField("time", Instant.ofEpochMilli(e.millis()).toString());
    gen.writeStringField("event", e.event());
    if (!e.subject().isEmpty()) {
      gen.writeStringField("subject", e.subject());
    }
    if (r != null) {
      gen.writeStringField("capability", r.capability());
      if (!r.target().isEmpty()) {
        gen.writeStringField("target", r.target());
      }
      if (r.port() > 0) {
        gen.writeNumberField("port", r.port());
      }
      if (!r.address().isEmpty()) {
        gen.writeStringField("address", r.address());
      }
      if (r.currency() != null) {
        gen.writeStringField("currency", r.currency().name());
        gen.writeNumberField("amount", r.amount());
        gen.writeStringField("amountText", Amounts.format(r.amount()));
      }
    }
    if (!e.reason().isEmpty()) {
      gen.writeStringField("reason", e.reason());
    }
    if (!e.approval().isEmpty()) {
      gen.writeStringField("approval", e.approval());
    }
    String correlation =
        r != null && !r.correlation().isEmpty()
            ? r.correlation()
            : !e.approval().isEmpty() ? e.approval() : id;
    gen.writeStringField("correlation", correlation);
    if (count > 1) {
      gen.writeNumberField("count", count);
      gen.writeStringField("until", Instant.ofEpochMilli(last).toString());
    }
    gen.writeEndObject();
    gen.writeRaw('\n');
  }
}
