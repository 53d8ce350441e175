package sovereign.console;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Converter;
import org.apache.sshd.common.channel.PtyMode;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.channel.ChannelSession;

/**
 * {@code ssh node identity:show}: runs one Gogo command line in a new session. What the command
 * prints and its formatted result go to stdout; a failure's message goes to stderr with exit status
 * 1; success exits 0.
 */
final class ExecCommand extends ChannelCommand {

  private final String commandLine;

  ExecCommand(CommandProcessor processor, ExecutorService executor, String commandLine) {
    super(processor, executor);
    this.commandLine = commandLine;
  }

  @Override
  protected int run(ChannelSession channel, Environment env) throws Exception {
    boolean crlf = onTerminal(env.getPtyModes());
    OutputStream stdout = flushing(crlf ? crlf(out) : out);
    OutputStream stderr = flushing(crlf ? crlf(err) : err);
    CommandSession session = openSession(in, stdout, stderr);
    PrintStream console = new PrintStream(stdout, true, StandardCharsets.UTF_8);
    try {
      Object result = session.execute(commandLine);
      if (result != null) {
        session.getConsole().flush();
        console.println(session.format(result, Converter.INSPECT));
      }
      return 0;
    } catch (Exception e) {
      session.getConsole().flush();
      writeQuietly(stderr, message(e) + "\n");
      return 1;
    } finally {
      console.flush();
    }
  }

  /**
   * True if the client asked for a pty ({@code ssh -t}) that turns line feeds into CR LF, as a
   * terminal's output processing would; the output is then translated likewise.
   */
  private static boolean onTerminal(Map<PtyMode, Integer> modes) {
    return !modes.isEmpty()
        && modes.getOrDefault(PtyMode.OPOST, 1) != 0
        && modes.getOrDefault(PtyMode.ONLCR, 1) != 0;
  }

  private static OutputStream crlf(OutputStream target) {
    return new FilterOutputStream(target) {
      @Override
      public void write(int b) throws IOException {
        if (b == '\n') {
          out.write('\r');
        }
        out.write(b);
      }

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        int start = off;
        for (int i = off; i < off + len; i++) {
          if (b[i] == '\n') {
            out.write(b, start, i - start);
            out.write('\r');
            start = i;
          }
        }
        out.write(b, start, off + len - start);
      }
    };
  }

  @Override
  public String toString() {
    return "ssh exec '" + commandLine + "'";
  }
}
