package sovereign.mesh.transport;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import sovereign.api.identity.NodeId;
import sovereign.api.identity.NodeIdentity;
import sovereign.mesh.SwarmKey;

/**
 * Mesh connections over TCP: listens and dials, and runs every connection through the swarm-key
 * gate, identity-bound TLS 1.3 and length-prefixed frames (see {@link MeshPipeline} for the layers
 * and {@link FrameDecoder}, {@link IdentityCertificates} and {@link sovereign.mesh.SwarmKeyGate}
 * for the wire formats).
 *
 * <p>One NIO event loop group serves listening and connections; its threads are named {@code
 * sovereign-mesh-N} and are daemons. {@link #close()} closes every connection and listener, shuts
 * the group down and waits until its threads have ended.
 */
public final class MeshTransport implements AutoCloseable {

  /** Prefix of the network threads' names. */
  public static final String THREAD_PREFIX = "sovereign-mesh-";

  private static final AtomicInteger THREADS = new AtomicInteger();

  private final MeshSettings settings;
  private final MeshPipeline pipeline;
  private final EventLoopGroup group;
  private final List<Thread> threads = new ArrayList<>();
  private final ConcurrentHashMap<Channel, Boolean> channels = new ConcurrentHashMap<>();
  private volatile boolean closed;

  /**
   * A transport for the node {@code identity} in the swarm of {@code swarmKey}. {@code admission}
   * decides which authenticated peers may connect; {@code listener} hears of every connection.
   */
  public MeshTransport(
      NodeIdentity identity,
      SwarmKey swarmKey,
      PeerAdmission admission,
      MeshListener listener,
      MeshSettings settings) {
    this.settings = settings;
    this.pipeline =
        new MeshPipeline(
            swarmKey,
            new IdentityCertificates(identity, settings.clock()),
            admission,
            settings,
            listener);
    this.group = new NioEventLoopGroup(settings.ioThreads(), (ThreadFactory) this::newThread);
  }

  private synchronized Thread newThread(Runnable task) {
    Thread thread = new Thread(task, THREAD_PREFIX + THREADS.incrementAndGet());
    thread.setDaemon(true);
    threads.add(thread);
    return thread;
  }

  /**
   * Listens on {@code address} (port 0 picks a free port) and returns the address bound. Accepted
   * connections are reported to the listener once they pass every stage.
   *
   * @throws UncheckedIOException if the address cannot be bound
   */
  public InetSocketAddress listen(InetSocketAddress address) {
    requireOpen();
    ChannelFuture bind =
        new ServerBootstrap()
            .group(group)
            .channel(NioServerSocketChannel.class)
            .childHandler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel ch) throws Exception {
                    track(ch);
                    pipeline.install(ch, Optional.empty(), null);
                  }
                })
            .bind(address)
            .awaitUninterruptibly();
    if (!bind.isSuccess()) {
      throw new UncheckedIOException(
          new IOException(
              "cannot listen on " + address + ": " + bind.cause().getMessage(), bind.cause()));
    }
    track(bind.channel());
    return (InetSocketAddress) bind.channel().localAddress();
  }

  /**
   * Dials {@code address}. The future completes when the connection has passed every stage, or
   * fails with a {@link ConnectFailedException} naming the stage that failed. When {@code expected}
   * is given, a peer that proves another node is refused during the handshake, before our own
   * certificate is sent.
   */
  public CompletableFuture<PeerConnection> dial(
      InetSocketAddress address, Optional<NodeId> expected) {
    requireOpen();
    CompletableFuture<PeerConnection> result = new CompletableFuture<>();
    ChannelFuture connect =
        new Bootstrap()
            .group(group)
            .channel(NioSocketChannel.class)
            .option(
                ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) settings.connectTimeout().toMillis())
            .handler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel ch) throws Exception {
                    track(ch);
                    pipeline.install(ch, expected, result);
                  }
                })
            .connect(address);
    connect.addListener(
        f -> {
          if (!f.isSuccess()) {
            result.completeExceptionally(
                new ConnectFailedException(
                    Stage.TCP, address, String.valueOf(f.cause().getMessage()), f.cause()));
          }
        });
    return result;
  }

  private void track(Channel channel) {
    channels.put(channel, Boolean.TRUE);
    channel.closeFuture().addListener(f -> channels.remove(channel));
  }

  private void requireOpen() {
    if (closed) {
      throw new IllegalStateException("the mesh transport is closed");
    }
  }

  /**
   * Closes every listener and connection, stops the network threads and waits (up to about 20 s in
   * all) until they have ended. Idempotent.
   *
   * <p>Netty reports the end of an event loop through its JVM-wide {@link GlobalEventExecutor},
   * whose thread is not a daemon and lingers for a second after its last task; close waits for it
   * too, so that no thread started for this transport outlives the call.
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    for (Channel channel : channels.keySet()) {
      channel.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
    }
    group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(10, TimeUnit.SECONDS);
    List<Thread> started;
    synchronized (this) {
      started = List.copyOf(threads);
    }
    try {
      for (Thread thread : started) {
        thread.join(TimeUnit.SECONDS.toMillis(5));
      }
      GlobalEventExecutor.INSTANCE.awaitInactivity(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
