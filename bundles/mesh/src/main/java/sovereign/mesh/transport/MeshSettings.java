package sovereign.mesh.transport;

import java.time.Clock;
import java.time.Duration;

/**
 * The tunables of a {@link MeshTransport}.
 *
 * @param maxFrameBytes the largest frame payload sent or accepted; a peer announcing more is
 *     dropped (default 1 MiB)
 * @param handshakeTimeout how long a new connection may take, from TCP connect, to exchange
 *     swarm-key nonces and finish the TLS handshake; a silent peer is dropped after it (default 10
 *     s)
 * @param connectTimeout how long a dial waits for TCP connect (default 10 s)
 * @param ioThreads network threads (default 2)
 * @param clock dates our certificates and checks the peers' (the system clock; tests move it)
 */
public record MeshSettings(
    int maxFrameBytes,
    Duration handshakeTimeout,
    Duration connectTimeout,
    int ioThreads,
    Clock clock) {

  /** 1 MiB. */
  public static final int DEFAULT_MAX_FRAME_BYTES = 1 << 20;

  /** A frame and its 4-byte header must fit a Java array. */
  public static final int LARGEST_MAX_FRAME_BYTES = Integer.MAX_VALUE - 16;

  public MeshSettings {
    if (maxFrameBytes < 1 || maxFrameBytes > LARGEST_MAX_FRAME_BYTES) {
      throw new IllegalArgumentException(
          "maxFrameBytes must be 1 to " + LARGEST_MAX_FRAME_BYTES + ", was " + maxFrameBytes);
    }
    requirePositive("handshakeTimeout", handshakeTimeout);
    requirePositive("connectTimeout", connectTimeout);
    if (connectTimeout.toMillis() > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("connectTimeout is too long: " + connectTimeout);
    }
    if (ioThreads < 1) {
      throw new IllegalArgumentException("ioThreads must be at least 1, was " + ioThreads);
    }
    if (clock == null) {
      throw new IllegalArgumentException("clock must be given");
    }
  }

  /** The defaults: 1 MiB frames, 10 s timeouts, 2 threads, the system clock. */
  public static MeshSettings defaults() {
    return new MeshSettings(
        DEFAULT_MAX_FRAME_BYTES,
        Duration.ofSeconds(10),
        Duration.ofSeconds(10),
        2,
        Clock.systemUTC());
  }

  public MeshSettings withMaxFrameBytes(int value) {
    return new MeshSettings(value, handshakeTimeout, connectTimeout, ioThreads, clock);
  }

  public MeshSettings withHandshakeTimeout(Duration value) {
    return new MeshSettings(maxFrameBytes, value, connectTimeout, ioThreads, clock);
  }

  public MeshSettings withConnectTimeout(Duration value) {
    return new MeshSettings(maxFrameBytes, handshakeTimeout, value, ioThreads, clock);
  }

  public MeshSettings withIoThreads(int value) {
    return new MeshSettings(maxFrameBytes, handshakeTimeout, connectTimeout, value, clock);
  }

  public MeshSettings withClock(Clock value) {
    return new MeshSettings(maxFrameBytes, handshakeTimeout, connectTimeout, ioThreads, value);
  }

  private static void requirePositive(String name, Duration value) {
    if (value == null || value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, was " + value);
    }
  }
}
