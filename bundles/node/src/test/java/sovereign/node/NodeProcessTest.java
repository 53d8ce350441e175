package sovereign.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.osgi.service.log.Logger;
import sovereign.api.node.NodeControl;
import sovereign.api.node.NodeState;

class NodeProcessTest {

  private final ExecutorService mainThread = Executors.newSingleThreadExecutor();

  @AfterEach
  void stop() {
    mainThread.shutdownNow();
  }

  private static NodeProcess process(boolean headless) {
    return new NodeProcess(
        headless, mock(Logger.class), List::of, Optional::empty, () -> {}, () -> {});
  }

  @Test
  void shutdownEndsTheMainThreadWithExitCodeZero() throws Exception {
    NodeProcess p = process(true);
    Future<Integer> exit = mainThread.submit(p);
    p.ready(120);
    assertThat(p.status().state()).isEqualTo(NodeState.RUNNING);
    p.shutdown("test");
    assertThat(exit.get(5, TimeUnit.SECONDS)).isEqualTo(NodeControl.EXIT_OK);
    assertThat(p.status().state()).isEqualTo(NodeState.STOPPING);
    assertThat(p.status().reason()).contains("test");
  }

  @Test
  void haltOfAHeadlessNodeEndsTheMainThreadWithTheHaltExitCode() throws Exception {
    NodeProcess p = process(true);
    Future<Integer> exit = mainThread.submit(p);
    p.halt("fingerprint mismatch: hostname");
    assertThat(exit.get(5, TimeUnit.SECONDS)).isEqualTo(NodeControl.EXIT_HALTED);
    assertThat(p.status().state()).isEqualTo(NodeState.HALTED);
    assertThat(p.status().reason()).contains("fingerprint mismatch: hostname");
  }

  @Test
  void detachingHandsTheMainThreadBackToTheLauncherWithoutStoppingTheNode() throws Exception {
    NodeProcess p = process(true);
    Future<Integer> exit = mainThread.submit(p);
    p.ready(100);
    Thread.sleep(50); // the main thread is parked in call()
    p.detach();
    assertThat(exit.get(5, TimeUnit.SECONDS)).isEqualTo(NodeProcess.RELISTEN);
    assertThat(p.status().state()).isEqualTo(NodeState.RUNNING);
  }

  @Test
  void detachingAfterTheMainThreadReturnedChangesNothing() throws Exception {
    NodeProcess p = process(true);
    Future<Integer> exit = mainThread.submit(p);
    p.shutdown("test");
    assertThat(exit.get(5, TimeUnit.SECONDS)).isEqualTo(NodeControl.EXIT_OK);
    p.detach();
    assertThat(p.status().state()).isEqualTo(NodeState.STOPPING);
  }

  @Test
  void haltedNodeDoesNotBecomeRunningWhenServicesComeUpLater() {
    NodeProcess p = process(true);
    p.halt("deadline");
    p.ready(5000);
    assertThat(p.status().state()).isEqualTo(NodeState.HALTED);
  }

  @Test
  void interactiveHaltKeepsTheConsoleAndAnnouncesTheReason() throws Exception {
    NodeProcess p = process(false);
    var announced = new java.util.ArrayList<String>();
    var closed = new java.util.concurrent.CountDownLatch(1);
    p.attachConsole(
        new NodeProcess.Console() {
          @Override
          public void run() throws InterruptedException {
            closed.await();
          }

          @Override
          public void close() {
            closed.countDown();
          }

          @Override
          public void announce(String message) {
            announced.add(message);
          }
        });
    Future<Integer> exit = mainThread.submit(p);
    p.halt("clone detected");
    assertThat(announced).containsExactly("HALTED: clone detected");
    Thread.sleep(100);
    assertThat(exit).isNotDone();
    p.shutdown("operator");
    assertThat(exit.get(5, TimeUnit.SECONDS)).isEqualTo(NodeControl.EXIT_OK);
  }
}
