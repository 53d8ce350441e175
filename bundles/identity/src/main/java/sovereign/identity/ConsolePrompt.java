package sovereign.identity;

import java.io.Console;
import java.util.function.Supplier;
import sovereign.api.node.NodeControl;

/** Asks the operator for a passphrase on the process console, without echo. */
interface ConsolePrompt {

  /** Whether a console is attached. */
  boolean available();

  /** Reads a line without echo; null at end of input or without a console. */
  char[] readPassword(String prompt);

  /**
   * This prompt, with the boot deadline standing still while the operator types: a person may take
   * longer than the deadline allows the machine.
   */
  default ConsolePrompt pausingDeadline(Supplier<NodeControl> control) {
    ConsolePrompt inner = this;
    return new ConsolePrompt() {
      @Override
      public boolean available() {
        return inner.available();
      }

      @Override
      public char[] readPassword(String prompt) {
        NodeControl c = control.get();
        if (c == null) {
          return inner.readPassword(prompt);
        }
        try (NodeControl.OperatorWait wait = c.awaitOperator("the key passphrase")) {
          return inner.readPassword(prompt);
        }
      }
    };
  }

  /** The JVM's console ({@link System#console()}). */
  static ConsolePrompt system() {
    return new ConsolePrompt() {
      @Override
      public boolean available() {
        return System.console() != null;
      }

      @Override
      public char[] readPassword(String prompt) {
        Console console = System.console();
        return console == null ? null : console.readPassword("%s", prompt);
      }
    };
  }
}
