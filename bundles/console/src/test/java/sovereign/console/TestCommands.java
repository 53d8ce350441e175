package sovereign.console;

import org.apache.felix.service.command.CommandSession;
import org.jline.terminal.Terminal;

/** Gogo commands for the tests, registered in scope {@code test}. */
public class TestCommands {

  public String echo(String text) {
    return text;
  }

  public String upper(String text) {
    return text.toUpperCase(java.util.Locale.ROOT);
  }

  public void print(String text) {
    System.out.println("printed " + text);
  }

  public void fail(String message) {
    throw new IllegalStateException(message);
  }

  /** Prints "blocking", then waits until interrupted (or a minute has passed). */
  public String block() {
    System.out.println("blocking");
    System.out.flush();
    try {
      Thread.sleep(60_000);
      return "not interrupted";
    } catch (InterruptedException e) {
      return "interrupted";
    }
  }

  public int columns(CommandSession session) {
    return ((Terminal) session.get(ShellCommand.TERMINAL_VARIABLE)).getWidth();
  }
}
