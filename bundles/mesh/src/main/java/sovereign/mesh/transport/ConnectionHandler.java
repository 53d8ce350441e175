package sovereign.mesh.transport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import sovereign.api.identity.NodeId;
import sovereign.mesh.SwarmKeyGate;

/**
 * The top of a mesh connection's pipeline: it holds the deadline for the nonce exchange and
 * handshake, turns the end of the handshake into a {@link PeerConnection} (or a {@link
 * ConnectFailedException} naming the failed {@link Stage}), passes frames to the {@link
 * MeshListener} and turns protocol violations into a {@link Misbehaviour} and a close.
 *
 * <p>All its methods run on the channel's event loop, so its fields need no locking.
 */
final class ConnectionHandler extends ChannelDuplexHandler {

  /** The lower handlers whose state says which stage a failure belongs to. */
  record Layers(SwarmKeyGate gate, TlsRecordSniffer sniffer, IdentityTrustManager trust) {}

  private static final String PEER_ALERT = "Received fatal alert";

  private final Layers layers;
  private final MeshSettings settings;
  private final MeshListener listener;
  private final CompletableFuture<PeerConnection> dial;
  private long connectStartNanos;

  private long activeNanos;
  private ScheduledFuture<?> deadline;
  private Throwable firstCause;
  private PeerConnection connection;
  private boolean finished;
  private boolean misbehaviourReported;

  ConnectionHandler(
      Layers layers,
      MeshSettings settings,
      MeshListener listener,
      CompletableFuture<PeerConnection> dial) {
    this.layers = layers;
    this.settings = settings;
    this.listener = listener;
    this.dial = dial;
  }

  /** Notes when the TCP connect starts, after the pipeline (and our certificate) is made. */
  @Override
  public void connect(
      ChannelHandlerContext ctx,
      SocketAddress remoteAddress,
      SocketAddress localAddress,
      ChannelPromise promise) {
    connectStartNanos = System.nanoTime();
    ctx.connect(remoteAddress, localAddress, promise);
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    if (ctx.channel().isActive()) {
      start(ctx);
    }
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    start(ctx);
    ctx.fireChannelActive();
  }

  private void start(ChannelHandlerContext ctx) {
    if (activeNanos != 0) {
      return;
    }
    activeNanos = System.nanoTime();
    deadline =
        ctx.executor()
            .schedule(
                () -> timedOut(ctx), settings.handshakeTimeout().toNanos(), TimeUnit.NANOSECONDS);
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
    if (event instanceof SslHandshakeCompletionEvent done) {
      if (done.isSuccess()) {
        opened(ctx);
      } else {
        failBeforeOpen(ctx, done.cause());
      }
      return;
    }
    ctx.fireUserEventTriggered(event);
  }

  private void opened(ChannelHandlerContext ctx) {
    Optional<NodeId> peer = layers.trust().verifiedPeer();
    if (peer.isEmpty() || finished) {
      failBeforeOpen(ctx, new SSLException("the handshake ended without a verified peer"));
      return;
    }
    cancelDeadline();
    long now = System.nanoTime();
    Optional<Duration> tcp =
        dial == null
            ? Optional.empty()
            : Optional.of(Duration.ofNanos(activeNanos - connectStartNanos));
    connection =
        new PeerConnection(
            ctx.channel(),
            peer.get(),
            dial != null,
            Duration.ofNanos(now - activeNanos),
            tcp,
            settings.maxFrameBytes());
    finished = true;
    // The dial completes first, so that a listener that throws cannot leave it pending.
    if (dial != null) {
      dial.complete(connection);
    }
    listener.opened(connection);
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (connection == null || !(msg instanceof ByteBuf frame)) {
      ReferenceCountUtil.release(msg);
      return;
    }
    byte[] bytes;
    try {
      bytes = ByteBufUtil.getBytes(frame);
    } finally {
      frame.release();
    }
    listener.frame(connection, bytes);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    if (connection == null) {
      if (firstCause == null) {
        firstCause = cause;
      }
      failBeforeOpen(ctx, cause);
      return;
    }
    FrameException frame = find(cause, FrameException.class);
    SSLException tls = find(cause, SSLException.class);
    if (frame != null) {
      misbehaved(ctx, frame.kind(), frame.getMessage());
    } else if (tls != null && !String.valueOf(tls.getMessage()).startsWith(PEER_ALERT)) {
      misbehaved(ctx, Misbehaviour.Kind.CORRUPT_RECORD, "bad TLS record: " + tls.getMessage());
    } else if (tls != null) {
      connection.noteCloseReason("the peer ended the connection: " + tls.getMessage());
    } else {
      connection.noteCloseReason(String.valueOf(cause.getMessage()));
    }
    ctx.close();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    cancelDeadline();
    try {
      if (connection != null) {
        connection.markClosed();
        listener.closed(connection);
      } else {
        failBeforeOpen(ctx, firstCause);
      }
    } finally {
      ctx.fireChannelInactive();
    }
  }

  private void timedOut(ChannelHandlerContext ctx) {
    if (finished) {
      return;
    }
    String what =
        layers.gate().peerNonceReceived()
            ? "TLS handshake not finished"
            : "no swarm-key nonce from the peer";
    String detail = what + " within " + settings.handshakeTimeout();
    report(
        new Misbehaviour(
            Optional.empty(), remote(ctx), Misbehaviour.Kind.HANDSHAKE_TIMEOUT, detail));
    Stage stage = layers.gate().peerNonceReceived() ? Stage.TLS : Stage.SWARM_KEY;
    fail(ctx, new ConnectFailedException(stage, remote(ctx), detail, null));
  }

  /** Fails a connection that has not opened, naming the stage; once. */
  private void failBeforeOpen(ChannelHandlerContext ctx, Throwable cause) {
    if (finished) {
      return;
    }
    Throwable reason = firstCause != null ? firstCause : cause;
    fail(ctx, FailureStages.classify(layers, dial != null, remote(ctx), reason));
  }

  private void fail(ChannelHandlerContext ctx, ConnectFailedException failure) {
    finished = true;
    cancelDeadline();
    if (dial != null) {
      if (activeNanos != 0 && connectStartNanos != 0) {
        failure.withTcpConnectRtt(Duration.ofNanos(activeNanos - connectStartNanos));
      }
      dial.completeExceptionally(failure);
    }
    ctx.close();
  }

  /** Reports the first violation of an open connection; what follows while it closes is noise. */
  private void misbehaved(ChannelHandlerContext ctx, Misbehaviour.Kind kind, String detail) {
    if (misbehaviourReported) {
      return;
    }
    misbehaviourReported = true;
    connection.noteCloseReason(kind + ": " + detail);
    report(new Misbehaviour(Optional.of(connection.peer()), remote(ctx), kind, detail));
  }

  private void report(Misbehaviour misbehaviour) {
    listener.misbehaved(misbehaviour);
  }

  private void cancelDeadline() {
    if (deadline != null) {
      deadline.cancel(false);
      deadline = null;
    }
  }

  private static InetSocketAddress remote(ChannelHandlerContext ctx) {
    return (InetSocketAddress) ctx.channel().remoteAddress();
  }

  static <T extends Throwable> T find(Throwable cause, Class<T> type) {
    for (Throwable t = cause; t != null; t = t.getCause()) {
      if (type.isInstance(t)) {
        return type.cast(t);
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return null;
  }
}
