package sovereign.identity;

import java.io.Console;

/** Asks the operator for a passphrase on the process console, without echo. */
interface ConsolePrompt {

  /** Whether a console is attached. */
  boolean available();

  /** Reads a line without echo; null at end of input or without a console. */
  char[] readPassword(String prompt);

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
