package sovereign.mesh.blob;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;
import org.osgi.service.metatype.annotations.Designate;
import sovereign.api.identity.NodeHome;
import sovereign.api.identity.NodeId;
import sovereign.api.mesh.BlobInfo;
import sovereign.api.mesh.BlobProgress;
import sovereign.api.mesh.Blobs;
import sovereign.api.mesh.Mesh;

/**
 * Content-addressed blobs over the mesh (configuration PID {@value #PID}, see {@link BlobConfig}).
 *
 * <p>Blobs live in {@code <node>/data/blobs/} ({@link BlobStore}). This node serves them to its
 * peers under the request protocol {@value #PROTOCOL} ({@link BlobWire}): a manifest (size, chunk
 * size, SHA-256 of each chunk) and chunks. Fetches ({@link BlobFetch}) run on {@value #THREADS}
 * threads of their own, so a fetch never holds a mesh thread; two fetches of one blob share one
 * download.
 *
 * <p>Uses only the {@link Mesh} API, so it needs nothing from the mesh's insides.
 */
@Component(
    service = {Blobs.class, BlobService.class},
    immediate = true,
    configurationPid = BlobService.PID)
@Designate(ocd = BlobConfig.class)
public final class BlobService implements Blobs {

  /** The configuration PID. */
  public static final String PID = "sovereign.mesh.blobs";

  /** The request protocol blobs are served under. */
  public static final String PROTOCOL = "/sovereign/blob/1";

  /** The store's folder in {@code <node>/data/}. */
  static final String DIR = "blobs";

  /** Downloads at once; more wait their turn. */
  static final int THREADS = 2;

  @Reference Mesh mesh;
  @Reference NodeHome home;

  @Reference(service = LoggerFactory.class)
  Logger logger;

  Clock clock = Clock.systemUTC();

  /** Downloads started, for tests: two fetches of one blob at once start one. */
  final AtomicLong downloads = new AtomicLong();

  private final Map<String, BlobFetch> fetching = new ConcurrentHashMap<>();
  private BlobConfig config;
  private BlobStore store;
  private ExecutorService executor;
  private AutoCloseable serving;

  @Activate
  void activate(BlobConfig config) throws IOException {
    if (config.chunkBytes() < Manifest.MIN_CHUNK || config.chunkBytes() > Manifest.MAX_CHUNK) {
      throw new IllegalArgumentException(
          "chunkBytes must be "
              + Manifest.MIN_CHUNK
              + ".."
              + Manifest.MAX_CHUNK
              + ", not "
              + config.chunkBytes());
    }
    this.config = config;
    store = new BlobStore(home.data().resolve(DIR));
    store.cleanUp(
        Duration.ofHours(config.keepPartialHours()),
        clock.instant(),
        line -> logger.info("blobs: {}", line));
    AtomicInteger n = new AtomicInteger();
    executor =
        Executors.newFixedThreadPool(
            THREADS,
            task -> {
              Thread t = new Thread(task, "sovereign-mesh-blobs-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    serving = mesh.serve(PROTOCOL, this::serve);
  }

  @Deactivate
  void deactivate() throws Exception {
    serving.close();
    executor.shutdownNow();
    executor.awaitTermination(10, TimeUnit.SECONDS);
    for (BlobFetch f : fetching.values()) {
      f.result.completeExceptionally(new IllegalStateException("the blob service stopped"));
    }
  }

  /** Answers a peer: a manifest, or a chunk. */
  private byte[] serve(NodeId from, byte[] request) throws IOException {
    BlobWire.Ask ask = BlobWire.ask(request);
    if (ask.op() == BlobWire.HAVE) {
      return store
          .manifest(ask.sha256(), config.chunkBytes())
          .map(BlobWire::manifest)
          .orElseGet(BlobWire::notHeld);
    }
    Path file =
        store
            .path(ask.sha256())
            .orElseThrow(
                () -> new IllegalArgumentException("blob " + ask.sha256() + " is not here"));
    try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
      long at = (long) ask.index() * config.chunkBytes();
      if (at >= in.size()) {
        throw new IllegalArgumentException("blob " + ask.sha256() + " has no chunk " + ask.index());
      }
      ByteBuffer chunk = ByteBuffer.allocate((int) Math.min(config.chunkBytes(), in.size() - at));
      Manifest.readFully(in, chunk, at);
      return chunk.array();
    }
  }

  @Override
  public String put(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException(
          "'" + file + "' is not a file: give the path of a file to store");
    }
    String sha = store.put(file);
    logger.info("blobs: stored {} ({} bytes) from {}", sha, Files.size(file), file);
    return sha;
  }

  @Override
  public boolean has(String sha256) {
    return store.path(Hashes.parse(sha256)).isPresent();
  }

  @Override
  public Optional<Path> path(String sha256) {
    return store.path(Hashes.parse(sha256));
  }

  @Override
  public List<BlobInfo> list() {
    try {
      return store.list();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + store.dir() + ": " + e.getMessage(), e);
    }
  }

  @Override
  public CompletableFuture<Path> fetch(String sha256, BlobProgress progress) {
    String sha = Hashes.parse(sha256);
    BlobProgress listener = progress == null ? BlobProgress.NONE : progress;
    Optional<Path> held = store.path(sha);
    if (held.isPresent()) {
      long size = held.get().toFile().length();
      listener.progress(size, size);
      return CompletableFuture.completedFuture(held.get());
    }
    BlobFetch[] started = new BlobFetch[1];
    BlobFetch fetch =
        fetching.computeIfAbsent(
            sha,
            k -> {
              started[0] =
                  new BlobFetch(
                      mesh,
                      store,
                      sha,
                      Duration.ofMillis(config.requestTimeoutMillis()),
                      config.maxBlobBytes(),
                      logger);
              return started[0];
            });
    fetch.listen(listener);
    if (started[0] != null) {
      downloads.incrementAndGet();
      fetch.result.whenComplete(
          (path, failure) -> {
            fetching.remove(sha, fetch);
            if (failure == null) {
              logger.info("blobs: fetched {} into {}", sha, path);
            } else {
              logger.warn("blobs: cannot fetch {}: {}", sha, failure.getMessage());
            }
          });
      try {
        executor.execute(fetch::run);
      } catch (RejectedExecutionException stopping) {
        fetch.result.completeExceptionally(new IllegalStateException("the blob service stopped"));
      }
    }
    // A copy, so that one caller cancelling its future does not cancel the others' download.
    return fetch.result.copy();
  }
}
