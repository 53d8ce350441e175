package sovereign.mesh;

import java.io.PrintStream;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import sovereign.api.mesh.MeshMessage;
import sovereign.mesh.wire.StrictUtf8;

/**
 * {@code mesh:listen}: subscribes to a topic for a while and prints what arrives, so an operator
 * can see that a {@code mesh:publish} elsewhere reached this node.
 */
@Component(
    service = ListenCommand.class,
    property = {"osgi.command.scope=mesh", "osgi.command.function=listen"})
public final class ListenCommand {

  /** At most this many characters of a payload are printed. */
  static final int SHOWN_CHARS = 200;

  @Reference MeshService mesh;

  @Descriptor(
      "subscribe to a topic and print each message that arrives (origin, id, text), until --count"
          + " messages arrived or --timeout passed; messages published before it joined are not"
          + " shown")
  public String listen(
      CommandSession session,
      @Descriptor("stop after this many messages (default 1)")
          @Parameter(
              names = {"-n", "--count"},
              absentValue = "1")
          int count,
      @Descriptor("stop after this long: a number and a unit, like 30s or 5m (default 30s)")
          @Parameter(
              names = {"-t", "--timeout"},
              absentValue = "30s")
          String timeout,
      @Descriptor("the topic") String topic)
      throws Exception {
    if (count < 1) {
      throw new IllegalArgumentException(
          "--count " + count + " is not positive: give how many messages to wait for, like -n 3");
    }
    Duration wait = Durations.parse(timeout);
    MeshService.checkTopic(topic);
    PrintStream out = session == null ? System.out : session.getConsole();
    BlockingQueue<MeshMessage> arrived = new LinkedBlockingQueue<>();
    int got = 0;
    long end = System.nanoTime() + wait.toNanos();
    try (AutoCloseable subscription = mesh.subscribe(topic, arrived::add)) {
      while (got < count) {
        long left = end - System.nanoTime();
        MeshMessage m = left > 0 ? arrived.poll(left, TimeUnit.NANOSECONDS) : null;
        if (m == null) {
          break;
        }
        got++;
        out.println(line(m));
        out.flush();
      }
    }
    return got == count
        ? got + " message(s) on " + topic
        : got + " of " + count + " message(s) on " + topic + " within " + Durations.format(wait);
  }

  /**
   * One message as a line: origin, short id, and the payload as text (control characters escaped,
   * so a peer cannot drive the operator's terminal), or hex if it is not UTF-8.
   */
  static String line(MeshMessage m) {
    byte[] p = m.payload();
    String body;
    Optional<String> decoded = StrictUtf8.decode(p);
    if (decoded.isPresent()) {
      String text = decoded.get();
      body = escaped(text.length() > SHOWN_CHARS ? text.substring(0, SHOWN_CHARS) : text);
      if (text.length() > SHOWN_CHARS) {
        body += " … (" + p.length + " bytes)";
      }
    } else {
      int n = Math.min(p.length, SHOWN_CHARS / 2);
      body =
          "0x"
              + HexFormat.of().formatHex(p, 0, n)
              + (n < p.length ? " … (" + p.length + " bytes)" : "");
    }
    return m.origin() + " " + m.id().substring(0, 16) + " " + body;
  }

  private static String escaped(String text) {
    StringBuilder out = new StringBuilder(text.length());
    text.codePoints()
        .forEach(
            c -> {
              if (Character.isISOControl(c)) {
                out.append(String.format("\\u%04x", c));
              } else {
                out.appendCodePoint(c);
              }
            });
    return out.toString();
  }
}
