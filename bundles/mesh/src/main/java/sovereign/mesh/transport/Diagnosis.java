package sovereign.mesh.transport;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import sovereign.api.identity.NodeId;

/**
 * Dials one address through a {@link MeshTransport} and says how far the connection got: TCP, the
 * swarm-key gate, TLS, the peer's identity, admission, or all the way. For an operator asking "why
 * can't my node reach that one?".
 *
 * <p>How a wrong swarm key is recognised: libp2p pnet has no key check, so a peer with another key
 * is only seen through its bytes. Once its 24-byte nonce is in, everything else it sends decrypts
 * to noise; the first five bytes must be a TLS record header and noise passes that test with a
 * probability of about 4 in 10 million ({@link TlsRecordSniffer}). A mesh node with another key
 * cannot read our TLS hello either, so it closes without a byte after its nonce, which a node with
 * our key never does: it always answers a hello with a TLS record. Both pictures are reported as
 * {@link Stage#SWARM_KEY}; so is a peer that never sends a whole nonce (not a mesh node).
 *
 * <p>A connection that opens is held for a short grace period before it counts as {@link
 * Stage#CONNECTED}: in TLS 1.3 the listener checks the dialler's certificate after the dialler has
 * finished, so a listener that refuses this node closes the connection just after it opened. That
 * is reported as {@link Stage#ADMISSION}, with the TLS alert the peer sent. The grace is a
 * heuristic bounded in time: a refusal slower than it is missed.
 */
public final class Diagnosis {

  /** The least grace period after the handshake, for a listener's refusal to arrive. */
  static final Duration MIN_GRACE = Duration.ofMillis(300);

  /**
   * How far a dial got.
   *
   * @param stage the stage that failed, or {@link Stage#CONNECTED}
   * @param message what happened, in a sentence
   * @param peer the node that answered, if the handshake proved one
   * @param rtt the TCP connect time, one network round trip, when TCP connected
   * @param elapsed the whole diagnosis, from dial to verdict
   */
  public record Report(
      Stage stage,
      String message,
      Optional<NodeId> peer,
      Optional<Duration> rtt,
      Duration elapsed) {

    /** Whether the peer was reached and accepted us. */
    public boolean connected() {
      return stage == Stage.CONNECTED;
    }
  }

  private Diagnosis() {}

  /**
   * Dials {@code address} with {@code transport} (its identity, swarm key and timeouts), expecting
   * the node {@code expected} if given, and closes the connection again. Blocks until the verdict.
   */
  public static Report run(
      MeshTransport transport, InetSocketAddress address, Optional<NodeId> expected) {
    long start = System.nanoTime();
    PeerConnection connection;
    try {
      connection = transport.dial(address, expected).get();
    } catch (ExecutionException | CompletionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof ConnectFailedException failed) {
        return new Report(
            failed.stage(),
            failed.getMessage(),
            Optional.empty(),
            failed.tcpConnectRtt(),
            since(start));
      }
      return new Report(
          Stage.TCP, "the dial failed: " + cause, Optional.empty(), Optional.empty(), since(start));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Report(
          Stage.TCP,
          "interrupted while dialling",
          Optional.empty(),
          Optional.empty(),
          since(start));
    }
    Duration grace = max(MIN_GRACE, connection.handshakeRtt().multipliedBy(3));
    try {
      connection.closedFuture().get(grace.toNanos(), TimeUnit.NANOSECONDS);
      String why = connection.closeReason().orElse("no reason given");
      return new Report(
          Stage.ADMISSION,
          "the peer "
              + connection.peer()
              + " closed the connection right after the handshake ("
              + why
              + "): it does not admit this node, or refused our certificate",
          Optional.of(connection.peer()),
          connection.tcpConnectRtt(),
          since(start));
    } catch (TimeoutException e) {
      connection.close();
      return new Report(
          Stage.CONNECTED,
          "connected to "
              + connection.peer()
              + "; handshake took "
              + connection.handshakeRtt().toMillis()
              + " ms",
          Optional.of(connection.peer()),
          connection.tcpConnectRtt(),
          since(start));
    } catch (ExecutionException e) {
      throw new IllegalStateException("the close future never fails", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      connection.close();
      return new Report(
          Stage.CONNECTED,
          "connected to " + connection.peer() + "; interrupted during the grace period",
          Optional.of(connection.peer()),
          connection.tcpConnectRtt(),
          since(start));
    }
  }

  private static Duration since(long startNanos) {
    return Duration.ofNanos(System.nanoTime() - startNanos);
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }
}
