package sovereign.mesh.transport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import sovereign.api.identity.NodeId;

/**
 * An open mesh connection to one authenticated node: every byte passes the swarm-key gate and TLS
 * 1.3, and {@link #peer()} is the node whose key signed the peer's certificate binding.
 *
 * <p>A note on TLS 1.3: the dialler finishes its handshake before the listener has checked the
 * dialler's certificate. So a listener that refuses us (banned, closed swarm, bad certificate)
 * closes a connection that we already saw open; {@link #closedFuture()} then completes and {@link
 * #closeReason()} names the TLS alert it sent.
 */
public final class PeerConnection {

  private final Channel channel;
  private final NodeId peer;
  private final boolean outbound;
  private final Duration handshakeRtt;
  private final Optional<Duration> tcpConnectRtt;
  private final int maxFrameBytes;
  private final CompletableFuture<Void> closed = new CompletableFuture<>();
  private volatile String closeReason;

  PeerConnection(
      Channel channel,
      NodeId peer,
      boolean outbound,
      Duration handshakeRtt,
      Optional<Duration> tcpConnectRtt,
      int maxFrameBytes) {
    this.channel = channel;
    this.peer = peer;
    this.outbound = outbound;
    this.handshakeRtt = handshakeRtt;
    this.tcpConnectRtt = tcpConnectRtt;
    this.maxFrameBytes = maxFrameBytes;
  }

  /** The authenticated node at the other end. */
  public NodeId peer() {
    return peer;
  }

  /** The peer's IP address and port. */
  public InetSocketAddress remoteAddress() {
    return (InetSocketAddress) channel.remoteAddress();
  }

  /** Whether we dialled (true) or accepted (false) this connection. */
  public boolean outbound() {
    return outbound;
  }

  /**
   * Time from TCP connect to the end of our side of the handshake: the nonce exchange and the TLS
   * 1.3 handshake, about two round trips plus the signature work.
   */
  public Duration handshakeRtt() {
    return handshakeRtt;
  }

  /** For a dialled connection, the TCP connect time: one network round trip. */
  public Optional<Duration> tcpConnectRtt() {
    return tcpConnectRtt;
  }

  /**
   * Sends one frame. Completes when the bytes are handed to the socket, or fails if the connection
   * is closed.
   *
   * @throws IllegalArgumentException if the frame is larger than the frame limit
   */
  public CompletableFuture<Void> send(byte[] frame) {
    if (frame.length > maxFrameBytes) {
      throw new IllegalArgumentException(
          "a frame has at most " + maxFrameBytes + " bytes, this one has " + frame.length);
    }
    if (channel.eventLoop().isShuttingDown()) {
      // The transport is closing: a write would be refused by Netty's executor with a SEVERE log.
      return CompletableFuture.failedFuture(new java.nio.channels.ClosedChannelException());
    }
    return toFuture(channel.writeAndFlush(Unpooled.wrappedBuffer(frame.clone())));
  }

  /**
   * Writes bytes straight into TLS, below the frame encoder, so tests can play a peer that breaks
   * the frame format.
   */
  CompletableFuture<Void> sendUnframed(byte[] bytes) {
    ByteBuf buf = Unpooled.wrappedBuffer(bytes.clone());
    return toFuture(channel.pipeline().context(MeshPipeline.FRAME_ENCODER).writeAndFlush(buf));
  }

  /** The channel, for tests that act below TLS. */
  Channel channel() {
    return channel;
  }

  /**
   * Whether frames sent now go out without piling up in memory: false while the peer reads slower
   * than we send (Netty's write-buffer high-water mark). Senders of bulk data should wait for it.
   */
  public boolean isWritable() {
    return channel.isWritable();
  }

  /** Whether the connection is still open. */
  public boolean isOpen() {
    return channel.isActive() && !closed.isDone();
  }

  /** Closes the connection (TLS close_notify, then TCP close); completes when it is closed. */
  public CompletableFuture<Void> close() {
    channel.close();
    return closed;
  }

  /** Completes when the connection has closed, whichever side closed it. */
  public CompletableFuture<Void> closedFuture() {
    return closed;
  }

  /** Why the connection closed, if an error or the peer's TLS alert closed it. */
  public Optional<String> closeReason() {
    return Optional.ofNullable(closeReason);
  }

  void noteCloseReason(String reason) {
    if (closeReason == null) {
      closeReason = reason;
    }
  }

  void markClosed() {
    closed.complete(null);
  }

  private static CompletableFuture<Void> toFuture(ChannelFuture write) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    write.addListener(
        f -> {
          if (f.isSuccess()) {
            done.complete(null);
          } else {
            done.completeExceptionally(f.cause());
          }
        });
    return done;
  }

  @Override
  public String toString() {
    return "PeerConnection[" + peer + " at " + channel.remoteAddress() + "]";
  }
}
