package sovereign.itest;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSession;

/** Runs Gogo commands as an operator types them, with what they would type at a prompt. */
final class GogoShell {

  private final CommandProcessor processor;

  GogoShell(CommandProcessor processor) {
    this.processor = processor;
  }

  /** The command's printed output and value, as text; throws what the command throws. */
  String run(String command) throws Exception {
    return run(command, "");
  }

  String run(String command, String typed) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
    try (CommandSession session =
        processor.createSession(
            new ByteArrayInputStream(typed.getBytes(StandardCharsets.UTF_8)), print, print)) {
      Object value = session.execute(command);
      if (value != null) {
        print.println(session.format(value, org.apache.felix.service.command.Converter.INSPECT));
      }
    }
    return out.toString(StandardCharsets.UTF_8);
  }
}
