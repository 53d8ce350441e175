package sovereign.mesh.request;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import sovereign.api.identity.NodeId;
import sovereign.api.mesh.MeshRequestException;
import sovereign.api.mesh.MeshRequestException.Reason;
import sovereign.mesh.transport.PeerConnection;

/**
 * Request/response over the connections of one run of the mesh: the requests this node has under
 * way, and the dispatch of incoming request frames to the {@link Responder}.
 *
 * <p>Futures complete on this class's own thread ({@value #THREAD}), which also runs the timeouts:
 * never on the router or network threads, whatever a caller chains onto them. A request is answered
 * on the connection it came in on; a response is taken only from the node asked.
 */
public final class Requests implements AutoCloseable {

  /** Requests to one peer under way at once. */
  public static final int MAX_IN_FLIGHT_PER_PEER = 64;

  /** The thread that completes futures and runs timeouts. */
  public static final String THREAD = "sovereign-mesh-requests";

  private final Responder responder;
  private final RequestCodec codec;
  private final ScheduledThreadPoolExecutor completions;
  private final AtomicLong ids = new AtomicLong();
  private final Map<Long, Pending> pending = new ConcurrentHashMap<>();
  private final Map<PeerConnection, Set<Long>> byConnection = new ConcurrentHashMap<>();
  private final Map<NodeId, Integer> inFlight = new ConcurrentHashMap<>();
  private volatile boolean closed;

  /** One request under way. */
  private record Pending(
      long id,
      NodeId peer,
      PeerConnection connection,
      CompletableFuture<byte[]> future,
      Future<?>[] timeout) {}

  /** Requests answered by {@code responder}, with its codec. */
  public Requests(Responder responder) {
    this.responder = responder;
    this.codec = responder.codec();
    completions =
        new ScheduledThreadPoolExecutor(
            1,
            task -> {
              Thread t = new Thread(task, THREAD);
              t.setDaemon(true);
              return t;
            });
    completions.setRemoveOnCancelPolicy(true);
    completions.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
  }

  /** Checks the arguments of a request as {@link sovereign.api.mesh.Mesh#request} documents. */
  public static void check(String protocol, byte[] body, Duration timeout, int maxBodyBytes) {
    RequestCodec.protocolBytes(protocol);
    if (body == null) {
      throw new IllegalArgumentException("a request body must not be null (send new byte[0])");
    }
    if (body.length > maxBodyBytes) {
      throw new IllegalArgumentException(
          "a request body has at most " + maxBodyBytes + " bytes, not " + body.length);
    }
    if (timeout == null || timeout.isZero() || timeout.isNegative()) {
      throw new IllegalArgumentException("a request timeout must be positive, not " + timeout);
    }
  }

  /**
   * Sends a request on {@code connection} (null or closed: the peer is not connected). Arguments
   * must have passed {@link #check}.
   */
  public CompletableFuture<byte[]> send(
      NodeId peer, PeerConnection connection, String protocol, byte[] body, Duration timeout) {
    CompletableFuture<byte[]> future = new CompletableFuture<>();
    if (closed) {
      return fail(future, Reason.CLOSED, "the mesh is stopping");
    }
    if (connection == null || !connection.isOpen()) {
      return fail(future, Reason.NOT_CONNECTED, peer + " is not connected");
    }
    if (inFlight.merge(peer, 1, Integer::sum) > MAX_IN_FLIGHT_PER_PEER) {
      release(peer);
      return fail(
          future,
          Reason.HANDLER_FAILED,
          MAX_IN_FLIGHT_PER_PEER + " requests to " + peer + " are already under way");
    }
    long id = ids.incrementAndGet();
    Pending p = new Pending(id, peer, connection, future, new Future<?>[1]);
    pending.put(id, p);
    Set<Long> mine =
        byConnection.computeIfAbsent(
            connection,
            c -> {
              // One listener per connection, not per request: a long-lived connection must not
              // collect a listener for every request it ever carried.
              c.closedFuture().whenComplete((v, x) -> connectionClosed(c));
              return ConcurrentHashMap.newKeySet();
            });
    mine.add(id);
    try {
      p.timeout[0] =
          completions.schedule(
              () ->
                  finish(
                      id,
                      null,
                      new MeshRequestException(
                          Reason.TIMEOUT,
                          peer
                              + " did not answer "
                              + protocol
                              + " within "
                              + timeout.toMillis()
                              + " ms")),
              timeout.toNanos(),
              TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException stopping) {
      finish(id, null, new MeshRequestException(Reason.CLOSED, "the mesh is stopping"));
      return future;
    }
    if (!connection.isOpen()) {
      connectionClosed(connection); // Closed before the listener above was in place.
    }
    connection
        .send(codec.encode(RequestFrame.request(id, protocol, body)))
        .whenComplete(
            (v, x) -> {
              if (x != null) {
                finish(
                    id,
                    null,
                    new MeshRequestException(
                        Reason.CLOSED, "cannot send to " + peer + ": " + x.getMessage()));
              }
            });
    return future;
  }

  /**
   * A request/response frame from {@code connection}: a request goes to the responder, a response
   * completes its request.
   *
   * @throws MalformedRequestException if it does not decode: the caller penalises the sender
   */
  public void onFrame(PeerConnection connection, byte[] frame) throws MalformedRequestException {
    RequestFrame f = codec.decode(frame);
    if (f.isRequest()) {
      responder.onRequest(
          connection.peer(),
          f,
          response -> {
            if (connection.isOpen()) {
              connection.send(response);
            }
          });
      return;
    }
    Pending p = pending.get(f.id());
    if (p == null || !p.peer.equals(connection.peer())) {
      return; // Late (timed out already), or for a request to another node: nothing to do.
    }
    switch (f.status()) {
      case OK -> finish(f.id(), f.body(), null);
      case NO_HANDLER -> finish(f.id(), null, remote(p, Reason.NO_HANDLER, f));
      case HANDLER_FAILED, BUSY -> finish(f.id(), null, remote(p, Reason.HANDLER_FAILED, f));
      case TOO_LARGE -> finish(f.id(), null, remote(p, Reason.TOO_LARGE, f));
      case REQUEST -> throw new IllegalStateException("unreachable: a request is handled above");
    }
  }

  /** The number of requests under way, for tests. */
  public int pending() {
    return pending.size();
  }

  private static MeshRequestException remote(Pending p, Reason reason, RequestFrame f) {
    String said = new String(f.body(), StandardCharsets.UTF_8);
    return new MeshRequestException(
        reason, p.peer + (f.status() == RequestFrame.Status.BUSY ? " is " : ": ") + said);
  }

  private void connectionClosed(PeerConnection c) {
    Set<Long> mine = byConnection.remove(c);
    if (mine == null) {
      return;
    }
    for (Long id : mine) {
      finish(
          id,
          null,
          new MeshRequestException(
              Reason.CLOSED,
              "the connection to "
                  + c.peer()
                  + " closed before it answered"
                  + c.closeReason().map(r -> " (" + r + ")").orElse("")));
    }
  }

  /** Completes a request once, on the completion thread. */
  private void finish(long id, byte[] body, MeshRequestException failure) {
    Pending p = pending.remove(id);
    if (p == null) {
      return;
    }
    release(p.peer);
    Set<Long> mine = byConnection.get(p.connection);
    if (mine != null) {
      mine.remove(id);
    }
    if (p.timeout[0] != null) {
      p.timeout[0].cancel(false);
    }
    Runnable complete =
        () -> {
          if (failure == null) {
            p.future.complete(body);
          } else {
            p.future.completeExceptionally(failure);
          }
        };
    try {
      completions.execute(complete);
    } catch (RejectedExecutionException stopping) {
      // Closing: complete here rather than leave a caller waiting forever.
      complete.run();
    }
  }

  private void release(NodeId peer) {
    inFlight.computeIfPresent(peer, (k, n) -> n <= 1 ? null : n - 1);
  }

  private static CompletableFuture<byte[]> fail(
      CompletableFuture<byte[]> future, Reason reason, String message) {
    future.completeExceptionally(new MeshRequestException(reason, message));
    return future;
  }

  /** Fails every request under way with {@code CLOSED}, then stops the completion thread. */
  @Override
  public void close() {
    closed = true;
    for (Long id : pending.keySet()) {
      finish(id, null, new MeshRequestException(Reason.CLOSED, "the mesh stopped"));
    }
    completions.shutdown();
    try {
      completions.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
