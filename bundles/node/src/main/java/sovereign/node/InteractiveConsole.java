package sovereign.node;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Function;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

/**
 * The Gogo shell on this process's terminal, started by the node (not by the Gogo JLine bundle,
 * which runs with {@code gosh.args=--nointeractive}) so that a headless node never touches stdin.
 */
final class InteractiveConsole implements NodeProcess.Console {

  /** Gogo JLine reads the session's terminal from this variable (Shell.VAR_TERMINAL). */
  private static final String TERMINAL_VARIABLE = ".terminal";

  /** The login shell command that the Gogo JLine bundle registers. */
  private static final String GOSH = "gogo:gosh";

  private final CommandProcessor processor;
  private volatile Terminal terminal;

  InteractiveConsole(CommandProcessor processor) {
    this.processor = processor;
  }

  @Override
  public void run() throws Exception {
    Terminal t =
        TerminalBuilder.builder()
            .name("sovereign")
            .system(true)
            .nativeSignals(true)
            .signalHandler(Terminal.SignalHandler.SIG_IGN)
            .build();
    terminal = t;
    try (CommandSession session = processor.createSession(t.input(), t.output(), t.output())) {
      session.put(TERMINAL_VARIABLE, t);
      // Called directly, not through session.execute: as a job of its own session the shell
      // would wait for itself to finish after the first command line.
      Object gosh = session.get(GOSH);
      if (!(gosh instanceof Function shell)) {
        throw new IllegalStateException(
            "the Gogo JLine shell (" + GOSH + ") is not available; is its bundle active?");
      }
      shell.execute(session, List.of("--login", "--noshutdown"));
    } finally {
      t.close();
    }
  }

  @Override
  public void announce(String message) {
    Terminal t = terminal;
    PrintWriter out = t != null ? t.writer() : new PrintWriter(System.out);
    out.println();
    out.println(message);
    out.flush();
  }

  @Override
  public void close() {
    Terminal t = terminal;
    if (t != null) {
      try {
        t.close();
      } catch (IOException e) {
        // Closing is best effort: the main thread exits either way.
      }
    }
  }
}
