package sovereign.console;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Converter;
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
    OutputStream stdout = flushing(out);
    OutputStream stderr = flushing(err);
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

  @Override
  public String toString() {
    return "ssh exec '" + commandLine + "'";
  }
}
