package sovereign.identity;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import org.apache.felix.service.command.CommandSession;
import org.jline.terminal.Terminal;
import org.junit.jupiter.api.Test;
import org.mockito.InOrder;

class SessionPromptTest {

  private final ByteArrayOutputStream output = new ByteArrayOutputStream();

  @Test
  void aLineIsReadUpToItsEndWithoutTheCarriageReturn() throws Exception {
    SessionPrompt prompt = new SessionPrompt(session("héllo\r\nnext\n", null));

    assertThat(prompt.readLine("Name: ")).isEqualTo("héllo");
    assertThat(prompt.readLine("Again: ")).isEqualTo("next");
    assertThat(output.toString(UTF_8)).isEqualTo("Name: Again: ");
  }

  @Test
  void endOfInputGivesNull() throws Exception {
    SessionPrompt prompt = new SessionPrompt(session("", null));

    assertThat(prompt.readLine("Name: ")).isNull();
    assertThat(prompt.readSecret("Secret: ")).isNull();
  }

  @Test
  void aSecretIsReadWithTheTerminalEchoOffAndEchoIsRestored() throws Exception {
    Terminal terminal = mock(Terminal.class);
    when(terminal.echo(false)).thenReturn(true);
    SessionPrompt prompt = new SessionPrompt(session("pw\n", terminal));

    assertThat(prompt.readSecret("Passphrase: ")).isEqualTo("pw".toCharArray());

    InOrder order = inOrder(terminal);
    order.verify(terminal).echo(false);
    order.verify(terminal).echo(true);
    assertThat(output.toString(UTF_8)).isEqualTo("Passphrase: " + System.lineSeparator());
  }

  private CommandSession session(String typed, Terminal terminal) {
    CommandSession session = mock(CommandSession.class);
    when(session.getConsole()).thenReturn(new PrintStream(output, true, UTF_8));
    when(session.getKeyboard()).thenReturn(new ByteArrayInputStream(typed.getBytes(UTF_8)));
    when(session.get(anyString())).thenReturn(null);
    when(session.get(".terminal")).thenReturn(terminal);
    return session;
  }
}
