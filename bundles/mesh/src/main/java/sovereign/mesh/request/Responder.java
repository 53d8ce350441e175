package sovereign.mesh.request;

import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.osgi.service.log.Logger;
import sovereign.api.identity.NodeId;
import sovereign.api.mesh.RequestHandler;
import sovereign.mesh.request.RequestFrame.Status;

/**
 * The request handlers of a node, by protocol, and the threads they run on. It belongs to the mesh
 * service, not to one run of the mesh, so handlers outlive a restart.
 *
 * <p>Handlers run on a pool of {@value #THREADS} threads with a queue of {@value #QUEUE}, never on
 * the router or network threads. The network never waits for it: a request that finds the queue
 * full, or whose sender already has {@value #MAX_PER_PEER} requests queued or running here, is
 * answered {@code BUSY} at once.
 */
public final class Responder implements AutoCloseable {

  /** Handler threads. */
  public static final int THREADS = 4;

  /** Requests waiting for a handler thread, from all peers. */
  public static final int QUEUE = 64;

  /** Requests of one peer queued or running here at once. */
  public static final int MAX_PER_PEER = 16;

  /** The names of the handler threads, followed by a number. */
  public static final String THREAD = "sovereign-mesh-handler-";

  private final Map<String, RequestHandler> handlers = new ConcurrentHashMap<>();
  private final Map<NodeId, Integer> perPeer = new ConcurrentHashMap<>();
  private final ThreadPoolExecutor pool;
  private final RequestCodec codec;
  private final Logger logger;

  /** A responder whose responses are at most {@code codec}'s body cap. */
  public Responder(RequestCodec codec, Logger logger) {
    this.codec = codec;
    this.logger = logger;
    AtomicInteger n = new AtomicInteger();
    pool =
        new ThreadPoolExecutor(
            THREADS,
            THREADS,
            30,
            TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(QUEUE),
            task -> {
              Thread t = new Thread(task, THREAD + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            },
            new ThreadPoolExecutor.AbortPolicy());
    pool.allowCoreThreadTimeOut(true);
  }

  /** The codec of requests and responses. */
  public RequestCodec codec() {
    return codec;
  }

  /** Serves {@code protocol} with {@code handler}, replacing any other, until closed. */
  public AutoCloseable serve(String protocol, RequestHandler handler) {
    RequestCodec.protocolBytes(protocol); // Refuses a bad name, quoting the rule.
    if (handler == null) {
      throw new IllegalArgumentException("a request handler must not be null");
    }
    handlers.put(protocol, handler);
    return () -> handlers.remove(protocol, handler);
  }

  /**
   * Answers a request from {@code from}: {@code reply} gets the response frame's bytes, later and
   * on a handler thread, or at once when there is no handler or no room. Never blocks.
   */
  public void onRequest(NodeId from, RequestFrame request, Consumer<byte[]> reply) {
    RequestHandler handler = handlers.get(request.protocol());
    if (handler == null) {
      reply.accept(error(request, Status.NO_HANDLER, "no handler for " + request.protocol()));
      return;
    }
    if (perPeer.merge(from, 1, Integer::sum) > MAX_PER_PEER) {
      done(from);
      reply.accept(
          error(request, Status.BUSY, "busy: " + MAX_PER_PEER + " of your requests under way"));
      return;
    }
    try {
      pool.execute(
          () -> {
            try {
              reply.accept(run(handler, from, request));
            } finally {
              done(from);
            }
          });
    } catch (RejectedExecutionException full) {
      done(from);
      reply.accept(error(request, Status.BUSY, "busy: every request handler is taken"));
    }
  }

  private byte[] run(RequestHandler handler, NodeId from, RequestFrame request) {
    byte[] body;
    try {
      body = handler.handle(from, request.body().clone());
    } catch (Exception | LinkageError | AssertionError e) {
      logger.debug("mesh: a {} handler failed for {}: {}", request.protocol(), from, e.toString());
      String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      return error(request, Status.HANDLER_FAILED, message);
    }
    if (body == null) {
      body = new byte[0];
    }
    if (body.length > codec.maxBodyBytes()) {
      logger.warn(
          "mesh: a {} handler answered {} bytes, over the limit of {}",
          request.protocol(),
          body.length,
          codec.maxBodyBytes());
      return error(
          request,
          Status.TOO_LARGE,
          "the response of " + body.length + " bytes is over the limit of " + codec.maxBodyBytes());
    }
    return codec.encode(RequestFrame.response(request.id(), Status.OK, body));
  }

  private void done(NodeId from) {
    perPeer.computeIfPresent(from, (k, n) -> n <= 1 ? null : n - 1);
  }

  private byte[] error(RequestFrame request, Status status, String message) {
    return codec.encode(
        RequestFrame.response(request.id(), status, RequestCodec.errorBytes(message)));
  }

  /** Stops the handler threads, interrupting running handlers. */
  @Override
  public void close() {
    pool.shutdownNow();
    try {
      pool.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
