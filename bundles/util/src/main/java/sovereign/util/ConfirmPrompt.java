package sovereign.util;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.apache.felix.service.command.CommandSession;

/** Asks the operator one question in a Gogo session and reads one line of its keyboard. */
public final class ConfirmPrompt {

  private static final int MAX_LINE = 1024;

  private final CommandSession session;

  public ConfirmPrompt(CommandSession session) {
    this.session = session;
  }

  /** The answer without its line end; null at end of input. */
  public String ask(String question) throws IOException {
    PrintStream console = session.getConsole();
    console.print(question);
    console.flush();
    InputStream keyboard = session.getKeyboard();
    int b = keyboard.read();
    if (b < 0) {
      return null;
    }
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    while (b >= 0 && b != '\n') {
      if (b != '\r' && line.size() < MAX_LINE) {
        line.write(b);
      }
      b = keyboard.read();
    }
    return line.toString(StandardCharsets.UTF_8);
  }
}
