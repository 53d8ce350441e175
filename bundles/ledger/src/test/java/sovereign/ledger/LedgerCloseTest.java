package sovereign.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sovereign.api.identity.NodeId;
import sovereign.api.identity.NodeIdentity;
import sovereign.api.ledger.Action;
import sovereign.api.ledger.Amounts;
import sovereign.api.ledger.Currency;
import sovereign.api.ledger.Entry;
import sovereign.api.ledger.Quote;

/**
 * Deactivating the ledger (its bundle stops or is updated) while calls are inside it: the close
 * waits for them, and calls after it fail saying the ledger is closed.
 */
class LedgerCloseTest {

  @TempDir Path dir;

  private Node node;
  private final CountDownLatch signing = new CountDownLatch(1);
  private final CountDownLatch release = new CountDownLatch(1);
  private volatile boolean blockSigning;

  @BeforeEach
  void open() throws Exception {
    node = Node.authority(dir);
    node.service = new SlowSigner(node.identity);
    node.open();
    node.mint(node.wallet(), "100");
  }

  @AfterEach
  void close() throws Exception {
    release.countDown();
    node.close();
  }

  @Test
  void deactivateWaitsForAnAppendInProgressAndLaterCallsSayTheLedgerIsClosed() throws Exception {
    LedgerService ledger = node.ledger;
    String stranger = TestIdentity.random().nodeId().toString();
    blockSigning = true;
    CompletableFuture<Entry> transfer =
        CompletableFuture.supplyAsync(
            () -> ledger.transfer(stranger, Amounts.parse("1"), Currency.IPPC, "in flight"));
    assertThat(signing.await(5, TimeUnit.SECONDS)).as("the append is inside the engine").isTrue();

    CompletableFuture<Void> deactivate = CompletableFuture.runAsync(this::deactivate);
    Thread.sleep(200);
    assertThat(deactivate).as("deactivate waits for the append").isNotDone();
    CompletableFuture<Map<Currency, Long>> late =
        CompletableFuture.supplyAsync(() -> ledger.balances(stranger));
    Thread.sleep(100);
    assertThat(late).as("a call made while deactivate waits does not start").isNotDone();

    release.countDown();

    assertThat(transfer.get(5, TimeUnit.SECONDS).sequence()).isEqualTo(1);
    deactivate.get(5, TimeUnit.SECONDS);
    assertThatThrownBy(() -> late.join())
        .hasCauseInstanceOf(IllegalStateException.class)
        .hasMessageContaining("ledger closed: the ledger service was deactivated");
    assertThatThrownBy(() -> ledger.wallet(stranger))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("ledger closed");
    Quote quote = node.metering.quote(new Action.SandboxExec("echo", 10));
    assertThatThrownBy(() -> node.metering.reserve(node.wallet(), quote))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("ledger closed");

    node.close();
    node.open();
    assertThat(node.ippc(stranger)).as("the append in flight was kept").isEqualTo(1_000_000L);
  }

  @Test
  void deactivatingTwiceIsHarmless() throws Exception {
    node.ledger.deactivate();
    node.ledger.deactivate();

    assertThatThrownBy(() -> node.ledger.heads()).hasMessageStartingWith("ledger closed");
  }

  private void deactivate() {
    try {
      node.ledger.deactivate();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** The node's identity, whose signing waits for the test when asked to. */
  private final class SlowSigner implements NodeIdentity {
    private final NodeIdentity identity;

    SlowSigner(NodeIdentity identity) {
      this.identity = identity;
    }

    @Override
    public NodeId nodeId() {
      return identity.nodeId();
    }

    @Override
    public byte[] signingPublicKey() {
      return identity.signingPublicKey();
    }

    @Override
    public byte[] encryptionPublicKey() {
      return identity.encryptionPublicKey();
    }

    @Override
    public byte[] sign(byte[] message) {
      if (blockSigning) {
        signing.countDown();
        try {
          release.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      return identity.sign(message);
    }

    @Override
    public boolean verify(NodeId signer, byte[] message, byte[] signature) {
      return identity.verify(signer, message, signature);
    }

    @Override
    public String machineId() {
      return identity.machineId();
    }
  }
}
