package sovereign.identity;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.felix.service.command.CommandSession;
import org.jline.terminal.Terminal;

/**
 * Asks the operator a question through a Gogo session: the prompt goes to the session's console and
 * the answer is one line of its keyboard. A secret is read with the session's JLine terminal echo
 * turned off, when the session has one.
 */
final class SessionPrompt {

  /** Session variables under which Gogo shells keep their JLine terminal. */
  static final String[] TERMINAL_VARIABLES = {".terminal", ".jline.terminal"};

  private final CommandSession session;

  SessionPrompt(CommandSession session) {
    this.session = session;
  }

  /** One line, without its line end; null at end of input. */
  String readLine(String prompt) throws IOException {
    char[] line = read(prompt);
    return line == null ? null : new String(line);
  }

  /** One line read without echo, as characters the caller clears; null at end of input. */
  char[] readSecret(String prompt) throws IOException {
    Boolean previous = echo(false);
    try {
      return read(prompt);
    } finally {
      if (previous != null) {
        echo(previous);
        PrintStream console = session.getConsole();
        console.println();
        console.flush();
      }
    }
  }

  private char[] read(String prompt) throws IOException {
    PrintStream console = session.getConsole();
    console.print(prompt);
    console.flush();
    InputStream keyboard = session.getKeyboard();
    int b = keyboard.read();
    if (b < 0) {
      return null;
    }
    byte[] raw = new byte[64];
    int length = 0;
    while (b >= 0 && b != '\n') {
      if (b != '\r') {
        if (length == raw.length) {
          byte[] larger = Arrays.copyOf(raw, raw.length * 2);
          Arrays.fill(raw, (byte) 0);
          raw = larger;
        }
        raw[length++] = (byte) b;
      }
      b = keyboard.read();
    }
    CharBuffer chars = StandardCharsets.UTF_8.decode(ByteBuffer.wrap(raw, 0, length));
    char[] line = new char[chars.remaining()];
    chars.get(line);
    Arrays.fill(raw, (byte) 0);
    Arrays.fill(chars.array(), '\0');
    return line;
  }

  /** Sets the terminal's echo; returns its previous state, or null without a JLine terminal. */
  private Boolean echo(boolean on) {
    for (String variable : TERMINAL_VARIABLES) {
      Object candidate = session.get(variable);
      if (candidate == null) {
        continue;
      }
      try {
        return JLine.echo(candidate, on);
      } catch (LinkageError e) {
        return null; // JLine is not wired to this bundle: its import is optional
      }
    }
    return null;
  }

  /** Kept apart so that JLine classes load only when a session has a terminal. */
  private static final class JLine {
    static Boolean echo(Object candidate, boolean on) {
      return candidate instanceof Terminal terminal ? terminal.echo(on) : null;
    }
  }
}
