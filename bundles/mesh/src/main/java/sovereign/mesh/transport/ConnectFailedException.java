package sovereign.mesh.transport;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Optional;

/**
 * A connection that never opened, with the {@link Stage} that failed and a message saying why. A
 * dial's future fails with this exception.
 */
public final class ConnectFailedException extends IOException {

  private static final long serialVersionUID = 1L;

  private final Stage stage;
  private transient Duration tcpConnectRtt;

  public ConnectFailedException(
      Stage stage, InetSocketAddress remote, String message, Throwable cause) {
    super(stage + " failed with " + remote + ": " + message, cause);
    this.stage = stage;
  }

  /** The stage that failed; never {@link Stage#CONNECTED}. */
  public Stage stage() {
    return stage;
  }

  /** The TCP connect time (one network round trip), when the failure came after TCP connected. */
  public Optional<Duration> tcpConnectRtt() {
    return Optional.ofNullable(tcpConnectRtt);
  }

  ConnectFailedException withTcpConnectRtt(Duration rtt) {
    this.tcpConnectRtt = rtt;
    return this;
  }
}
