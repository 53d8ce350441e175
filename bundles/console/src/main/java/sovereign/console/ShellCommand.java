package sovereign.console;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Function;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.Signal;
import org.apache.sshd.server.channel.ChannelSession;
import org.jline.terminal.impl.ExternalTerminal;

/**
 * {@code ssh node}: the interactive Gogo shell with line editing, run by Gogo JLine's {@code gosh
 * --login --noshutdown} on a terminal over the channel, as the Gogo JLine bundle does for the
 * system console. {@code exit} or Ctrl-D on an empty line ends the shell and closes the channel;
 * the node keeps running. The command history is kept in {@code <node>/data/console_history}.
 */
final class ShellCommand extends ChannelCommand {

  /** Gogo JLine reads the session's terminal from this variable ({@code Shell.VAR_TERMINAL}). */
  static final String TERMINAL_VARIABLE = ".terminal";

  /** JLine's line reader saves its history to this session variable's path. */
  static final String HISTORY_VARIABLE = "history-file";

  static final String HISTORY_FILE = "console_history";

  private static final String GOSH = "gogo:gosh";

  private final Path history;

  ShellCommand(CommandProcessor processor, ExecutorService executor, Path history) {
    super(processor, executor);
    this.history = history;
  }

  @Override
  protected int run(ChannelSession channel, Environment env) throws Exception {
    try (ExternalTerminal terminal = ChannelTerminal.open(env, in, out)) {
      CommandSession session = openSession(terminal.input(), terminal.output(), terminal.output());
      Object gosh = session.get(GOSH);
      if (!(gosh instanceof Function)) {
        writeQuietly(
            err,
            "The interactive shell needs the Gogo JLine bundle (org.apache.felix.gogo.jline),"
                + " which provides "
                + GOSH
                + ". Commands still run as: ssh ... <command>\n");
        return 1;
      }
      session.put(TERMINAL_VARIABLE, terminal);
      session.put(HISTORY_VARIABLE, history);
      session.put(
          "exit",
          (Function)
              (s, arguments) -> {
                ChannelTerminal.endOfInput(terminal);
                return null;
              });
      env.addSignalListener((ch, signal) -> ChannelTerminal.resize(terminal, env), Signal.WINCH);
      // --nohistory keeps gosh from pointing the history at ~/.gogo.history; the line reader
      // still keeps one, in the file set above.
      ((Function) gosh).execute(session, List.of("--login", "--noshutdown", "--nohistory"));
      return 0;
    }
  }

  @Override
  public String toString() {
    return "ssh shell";
  }
}
