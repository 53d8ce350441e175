package sovereign.console;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.sshd.common.channel.PtyMode;
import org.apache.sshd.server.Environment;
import org.jline.terminal.Attributes;
import org.jline.terminal.Attributes.ControlChar;
import org.jline.terminal.Attributes.ControlFlag;
import org.jline.terminal.Attributes.InputFlag;
import org.jline.terminal.Attributes.LocalFlag;
import org.jline.terminal.Attributes.OutputFlag;
import org.jline.terminal.Size;
import org.jline.terminal.Terminal;
import org.jline.terminal.impl.ExternalTerminal;

/**
 * A JLine terminal over an SSH shell channel, shaped by what the client asked for: its {@code
 * TERM}, window size and pty modes (erase and interrupt keys, echo, ...). Without a pty (e.g.
 * {@code ssh -T}) it is a dumb terminal that neither echoes nor rewrites line ends.
 *
 * <p>This is an {@link ExternalTerminal}, a pure-Java line discipline over the channel's streams,
 * built directly rather than through {@code TerminalBuilder}: the builder would look its providers
 * up through the thread context class loader and fork a {@code test -t} process per session.
 */
final class ChannelTerminal {

  static final String NAME = "sovereign-ssh";
  private static final int DISABLED_CONTROL_CHAR = 255;
  private static final Size DEFAULT_SIZE = new Size(80, 24);

  private ChannelTerminal() {}

  static ExternalTerminal open(Environment env, InputStream in, OutputStream out)
      throws IOException {
    Map<PtyMode, Integer> modes = env.getPtyModes();
    boolean pty = !modes.isEmpty();
    String type = env.getEnv().get(Environment.ENV_TERM);
    if (type == null || type.isBlank()) {
      type = "dumb";
    }
    ExternalTerminal terminal =
        new ExternalTerminal(
            null,
            NAME,
            type,
            in,
            out,
            StandardCharsets.UTF_8,
            Terminal.SignalHandler.SIG_DFL,
            true,
            null,
            size(env));
    Attributes attributes = terminal.getAttributes();
    if (pty) {
      apply(modes, attributes);
    } else {
      attributes.setLocalFlag(LocalFlag.ECHO, false);
      attributes.setOutputFlag(OutputFlag.OPOST, false);
    }
    terminal.setAttributes(attributes);
    terminal.resume();
    return terminal;
  }

  /** Follows a window-change request: new size, then SIGWINCH for the line editor. */
  static void resize(Terminal terminal, Environment env) {
    terminal.setSize(size(env));
    terminal.raise(Terminal.Signal.WINCH);
  }

  /**
   * Ends the shell as Ctrl-D on an empty line does: feeds the terminal's end-of-file character,
   * without echoing it, so the line editor's next read reports end of input.
   */
  static void endOfInput(ExternalTerminal terminal) throws IOException {
    Attributes saved = terminal.getAttributes();
    Attributes quiet = new Attributes(saved);
    quiet.setLocalFlag(LocalFlag.ECHO, false);
    terminal.setAttributes(quiet);
    try {
      terminal.processInputByte(saved.getControlChar(ControlChar.VEOF));
    } finally {
      terminal.setAttributes(saved);
    }
  }

  private static Size size(Environment env) {
    int columns = positive(env.getEnv().get(Environment.ENV_COLUMNS), DEFAULT_SIZE.getColumns());
    int rows = positive(env.getEnv().get(Environment.ENV_LINES), DEFAULT_SIZE.getRows());
    return new Size(columns, rows);
  }

  private static int positive(String value, int fallback) {
    if (value == null) {
      return fallback;
    }
    try {
      int n = Integer.parseInt(value.strip());
      return n > 0 ? n : fallback;
    } catch (NumberFormatException e) {
      return fallback;
    }
  }

  /** Copies the client's pty modes that JLine's line discipline knows, by their POSIX names. */
  private static void apply(Map<PtyMode, Integer> modes, Attributes attributes) {
    for (Map.Entry<PtyMode, Integer> mode : modes.entrySet()) {
      String name = mode.getKey().name();
      int value = mode.getValue();
      if (name.startsWith("V")) {
        ControlChar c = find(ControlChar.class, name);
        if (c != null && value != DISABLED_CONTROL_CHAR) {
          attributes.setControlChar(c, value);
        }
        continue;
      }
      boolean on = value != 0;
      InputFlag input = find(InputFlag.class, name);
      if (input != null) {
        attributes.setInputFlag(input, on);
      }
      OutputFlag output = find(OutputFlag.class, name);
      if (output != null) {
        attributes.setOutputFlag(output, on);
      }
      LocalFlag local = find(LocalFlag.class, name);
      if (local != null) {
        attributes.setLocalFlag(local, on);
      }
      ControlFlag control = find(ControlFlag.class, name);
      if (control != null) {
        attributes.setControlFlag(control, on);
      }
    }
  }

  private static <E extends Enum<E>> E find(Class<E> type, String name) {
    for (E e : type.getEnumConstants()) {
      if (e.name().equals(name)) {
        return e;
      }
    }
    return null;
  }
}
