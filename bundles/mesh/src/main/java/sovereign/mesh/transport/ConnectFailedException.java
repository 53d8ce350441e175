package sovereign.mesh.transport;

import java.io.IOException;
import java.net.InetSocketAddress;

/**
 * A connection that never opened, with the {@link Stage} that failed and a message saying why. A
 * dial's future fails with this exception.
 */
public final class ConnectFailedException extends IOException {

  private static final long serialVersionUID = 1L;

  private final Stage stage;

  public ConnectFailedException(
      Stage stage, InetSocketAddress remote, String message, Throwable cause) {
    super(stage + " failed with " + remote + ": " + message, cause);
    this.stage = stage;
  }

  /** The stage that failed; never {@link Stage#CONNECTED}. */
  public Stage stage() {
    return stage;
  }
}
