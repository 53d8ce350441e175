package sovereign.policy;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.felix.service.command.CommandSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sovereign.api.policy.KillSwitchListener;
import sovereign.api.policy.Request;

class KillSwitchTest {

  @TempDir Path dir;

  private PolicyNode node;
  private final List<String> told = new ArrayList<>();
  private final ByteArrayOutputStream console = new ByteArrayOutputStream();

  private final KillSwitchListener listener =
      new KillSwitchListener() {
        @Override
        public void halted(String reason) {
          told.add("halted: " + reason);
        }

        @Override
        public void resumed() {
          told.add("resumed");
        }
      };

  @BeforeEach
  void start() throws Exception {
    node = new PolicyNode(dir.resolve("node")).allLow().start();
    node.grant("echo", "fs.read:**", "host.*");
    node.killSwitch.addListener(listener);
  }

  @AfterEach
  void close() throws Exception {
    node.close();
  }

  @Test
  void haltDeniesEverythingAtOnceAndTellsListeners() {
    assertThat(node.policy.decide("echo", Request.host("log")).allowed()).isTrue();

    assertThat(node.commands.halt("leaking data")).startsWith("HALTED: leaking data.");

    assertThat(told).containsExactly("halted: leaking data");
    assertThat(node.policy.decide("echo", Request.host("log")).reason())
        .isEqualTo("the kill switch is thrown: leaking data");
    assertThat(node.policy.check("echo", Request.fsRead("a")).allowed()).isFalse();
    assertThat(node.commands.list()).startsWith("HALTED since 2026-03-01T10:00:00Z: leaking data");
  }

  @Test
  void theSwitchOutlivesARestartAndALateListenerIsToldAtOnce() throws Exception {
    node.commands.halt();

    node.restart();
    List<String> late = new ArrayList<>();
    node.killSwitch.addListener(
        new KillSwitchListener() {
          @Override
          public void halted(String reason) {
            late.add(reason);
          }

          @Override
          public void resumed() {}
        });

    assertThat(node.killSwitch.halted()).isTrue();
    assertThat(late).containsExactly("no reason given");
    assertThat(node.policy.decide("echo", Request.host("log")).allowed()).isFalse();
    assertThat(node.logged()).anyMatch(l -> l.startsWith("WARN the kill switch is thrown since"));
  }

  @Test
  void anUnreadableSwitchFileCountsAsThrown() throws Exception {
    node.close();
    Files.writeString(node.home.data().resolve(KillSwitchService.FILE), "{garbage");

    node.start();

    assertThat(node.killSwitch.halted()).isTrue();
    assertThat(node.policy.decide("echo", Request.host("log")).reason()).contains("cannot be read");
  }

  @Test
  void resumeNeedsTheNodeIdOrTheWordResumeTyped() throws Exception {
    node.commands.halt("test");

    assertThatThrownBy(() -> node.commands.resume(session("yes\n")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("you typed 'yes'");
    assertThatThrownBy(() -> node.commands.resume(session("")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(node.killSwitch.halted()).isTrue();

    assertThat(node.commands.resume(session(node.home.nodeId() + "\r\n"))).startsWith("resumed");
    assertThat(node.killSwitch.halted()).isFalse();
    assertThat(Files.exists(node.home.data().resolve(KillSwitchService.FILE))).isFalse();
    assertThat(node.policy.decide("echo", Request.host("log")).allowed()).isTrue();
    assertThat(told).containsExactly("halted: test", "resumed");

    node.commands.halt("again");
    assertThat(node.commands.resume(session("resume\n"))).startsWith("resumed");
    assertThat(console.toString(UTF_8)).contains("type this node's NodeID " + node.home.nodeId());
  }

  @Test
  void resumeWhenNotHaltedSaysSo() {
    assertThatThrownBy(() -> node.commands.resume(session("resume\n")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("not thrown");
  }

  private CommandSession session(String typed) {
    CommandSession session = mock(CommandSession.class);
    when(session.getConsole()).thenReturn(new PrintStream(console, true, UTF_8));
    when(session.getKeyboard()).thenReturn(new ByteArrayInputStream(typed.getBytes(UTF_8)));
    return session;
  }
}
