package sovereign.mesh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static sovereign.mesh.TestNode.await;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.felix.service.command.CommandSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sovereign.api.mesh.MeshMessage;
import sovereign.mesh.transport.TestIdentity;

class ListenCommandTest {

  @TempDir Path dir;
  private final List<TestNode> nodes = new ArrayList<>();

  @AfterEach
  void stopAll() {
    nodes.forEach(TestNode::close);
  }

  private TestNode node(String name, SwarmKey key) {
    TestNode node = new TestNode(dir, name, key).start();
    nodes.add(node);
    return node;
  }

  /** A Gogo session whose console is {@code out}; nothing else of it is used. */
  private static CommandSession session(ByteArrayOutputStream out) {
    PrintStream console = new PrintStream(out, true, StandardCharsets.UTF_8);
    return (CommandSession)
        Proxy.newProxyInstance(
            CommandSession.class.getClassLoader(),
            new Class<?>[] {CommandSession.class},
            (proxy, method, args) -> {
              if (method.getName().equals("getConsole")) {
                return console;
              }
              throw new UnsupportedOperationException(method.getName());
            });
  }

  @Test
  void printsWhatAnotherNodePublishesUntilTheCountArrives() throws Exception {
    SwarmKey key = SwarmKey.generate();
    TestNode a = node("a", key);
    TestNode b = node("b", key).subscribe("news"); // so b's view lists who else subscribes
    b.commands.connect(a.address());
    ListenCommand listen = new ListenCommand();
    listen.mesh = a.service;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    CompletableFuture<String> result =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return listen.listen(session(out), 2, "60s", "news");
              } catch (Exception e) {
                throw new RuntimeException(e);
              }
            });
    await(
        () -> {
          var news = b.service.view().topic("news");
          return news != null && news.knownSubscribers() == 1;
        },
        "b learned that a subscribes to news");
    b.commands.publish("news", "first");
    b.commands.publish("news", "second\u001b[2J");
    assertThat(result.get()).isEqualTo("2 message(s) on news");
    String printed = out.toString(StandardCharsets.UTF_8);
    assertThat(printed)
        .contains(b.id() + " ")
        .contains(" first\n")
        .contains(" second\\u001b[2J\n") // the escape sequence is shown, never sent to the terminal
        .doesNotContain("\u001b");
    var news = a.service.view().topic("news");
    assertThat(news == null || !news.subscribed()).as("a left news once done").isTrue();
  }

  @Test
  void saysHowManyArrivedWhenTheTimeoutPasses() throws Exception {
    TestNode a = node("a", SwarmKey.generate());
    ListenCommand listen = new ListenCommand();
    listen.mesh = a.service;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    assertThat(listen.listen(session(out), 3, "1s", "quiet"))
        .isEqualTo("0 of 3 message(s) on quiet within 1s");
    assertThatThrownBy(() -> listen.listen(session(out), 0, "1s", "quiet"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("--count 0 is not positive");
    assertThatThrownBy(() -> listen.listen(session(out), 1, "soon", "quiet"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'soon'");
  }

  @Test
  void showsBinaryPayloadsAsHexAndCutsLongOnes() {
    TestIdentity origin = TestIdentity.random();
    String id = "ab".repeat(32);
    assertThat(
            ListenCommand.line(
                new MeshMessage(id, "t", origin.nodeId(), new byte[] {(byte) 0xff, 0x01})))
        .isEqualTo(origin.nodeId() + " " + id.substring(0, 16) + " 0xff01");
    String line =
        ListenCommand.line(
            new MeshMessage(
                id, "t", origin.nodeId(), "x".repeat(500).getBytes(StandardCharsets.UTF_8)));
    assertThat(line).endsWith("x".repeat(200) + " … (500 bytes)");
  }
}
