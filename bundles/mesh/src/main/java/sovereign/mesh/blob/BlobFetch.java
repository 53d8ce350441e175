package sovereign.mesh.blob;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.osgi.service.log.Logger;
import sovereign.api.identity.NodeId;
import sovereign.api.mesh.BlobProgress;
import sovereign.api.mesh.Mesh;
import sovereign.api.mesh.PeerInfo;

/**
 * One download of one blob, shared by every {@link BlobService#fetch} of it that comes while it
 * runs. It runs on one blob thread and blocks there.
 *
 * <ol>
 *   <li>Every connected peer is asked for the blob's manifest. Peers that agree form a group; the
 *       largest group is tried first.
 *   <li>Chunks are fetched in order, each from the next peer of the group in turn, and checked
 *       against the manifest. A peer that sends a chunk that does not match, or fails to answer, is
 *       dropped from this download and the chunk is asked of the next peer.
 *   <li>The whole file is hashed. If it is not the blob asked for, the group's manifest lied: the
 *       partial file is deleted and the next group is tried.
 * </ol>
 */
final class BlobFetch {

  private final Mesh mesh;
  private final BlobStore store;
  private final String sha;
  private final Duration timeout;
  private final long maxBytes;
  private final Logger logger;
  private final List<BlobProgress> listeners = new CopyOnWriteArrayList<>();
  private final List<String> failures = new ArrayList<>();
  final CompletableFuture<Path> result = new CompletableFuture<>();
  private volatile long done = -1;
  private volatile long total = -1;

  BlobFetch(
      Mesh mesh, BlobStore store, String sha, Duration timeout, long maxBytes, Logger logger) {
    this.mesh = mesh;
    this.store = store;
    this.sha = sha;
    this.timeout = timeout;
    this.maxBytes = maxBytes;
    this.logger = logger;
  }

  /** Adds a listener, telling it at once how far the download has come if that is known. */
  void listen(BlobProgress progress) {
    listeners.add(progress);
    long d = done;
    long t = total;
    if (t >= 0) {
      tell(progress, d, t);
    }
  }

  /** Runs the download, completing {@link #result}. */
  void run() {
    try {
      result.complete(download());
    } catch (Exception | LinkageError e) {
      result.completeExceptionally(e);
    }
  }

  private Path download() throws IOException, InterruptedException {
    List<NodeId> peers = mesh.peers().stream().map(PeerInfo::nodeId).toList();
    if (peers.isEmpty()) {
      throw new IllegalStateException(
          "cannot fetch blob " + sha + ": no peer is connected to ask (mesh:peers)");
    }
    Map<NodeId, CompletableFuture<byte[]>> asked = new LinkedHashMap<>();
    for (NodeId peer : peers) {
      asked.put(peer, mesh.request(peer, BlobService.PROTOCOL, BlobWire.have(sha), timeout));
    }
    Map<Manifest, List<NodeId>> groups = new LinkedHashMap<>();
    for (Map.Entry<NodeId, CompletableFuture<byte[]>> e : asked.entrySet()) {
      try {
        Manifest m = BlobWire.manifest(answer(e.getValue()), maxBytes);
        if (m != null) {
          groups.computeIfAbsent(m, k -> new ArrayList<>()).add(e.getKey());
        }
      } catch (IllegalArgumentException | IllegalStateException failure) {
        failures.add(e.getKey() + ": " + failure.getMessage());
      }
    }
    if (groups.isEmpty()) {
      throw new IllegalStateException(
          "no connected peer holds blob "
              + sha
              + " (asked "
              + peers.size()
              + (failures.isEmpty() ? "" : "; " + String.join("; ", failures))
              + ")");
    }
    List<Map.Entry<Manifest, List<NodeId>>> ordered = new ArrayList<>(groups.entrySet());
    ordered.sort((a, b) -> b.getValue().size() - a.getValue().size());
    for (Map.Entry<Manifest, List<NodeId>> group : ordered) {
      Path verified = fromGroup(group.getKey(), group.getValue());
      if (verified != null) {
        return store.moveIn(verified, sha);
      }
    }
    throw new IllegalStateException(
        "every holder of blob " + sha + " failed: " + String.join("; ", failures));
  }

  /** The verified partial file, or null if this group could not deliver the blob. */
  private Path fromGroup(Manifest m, List<NodeId> holders)
      throws IOException, InterruptedException {
    Path part = store.partial(sha);
    Deque<NodeId> live = new ArrayDeque<>(holders);
    try (FileChannel file =
        FileChannel.open(
            part, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      int next = resume(file, m);
      progress((long) next * m.chunkBytes(), m.size());
      while (next < m.chunks()) {
        NodeId peer = live.pollFirst();
        if (peer == null) {
          return null; // Every holder of this manifest was dropped; their reasons are noted.
        }
        byte[] chunk;
        try {
          chunk =
              answer(mesh.request(peer, BlobService.PROTOCOL, BlobWire.chunk(sha, next), timeout));
        } catch (IllegalStateException failed) {
          failures.add(peer + ": " + failed.getMessage());
          continue;
        }
        if (!m.matches(next, chunk, chunk.length)) {
          logger.warn(
              "blobs: {} sent chunk {} of {} that does not match its hash; not asked again in this"
                  + " fetch",
              peer,
              next,
              sha);
          failures.add(peer + ": sent a chunk that does not match its hash");
          continue;
        }
        file.write(ByteBuffer.wrap(chunk), (long) next * m.chunkBytes());
        next++;
        live.addLast(peer);
        progress(Math.min(m.size(), (long) next * m.chunkBytes()), m.size());
      }
      file.force(true);
      if (!hashOf(file).equals(sha)) {
        failures.add("the manifest of " + holders + " lied: its chunks add up to another blob");
        file.close();
        Files.deleteIfExists(part);
        return null;
      }
    }
    return part;
  }

  /**
   * Keeps the chunks of a partial file that match the manifest, from the start, and cuts it after
   * them: what a crash left is resumed, not trusted.
   */
  private int resume(FileChannel file, Manifest m) throws IOException {
    int kept = 0;
    long size = file.size();
    ByteBuffer chunk = ByteBuffer.allocate(m.chunkBytes());
    while (kept < m.chunks() && (long) kept * m.chunkBytes() + m.chunkLength(kept) <= size) {
      chunk.clear().limit(m.chunkLength(kept));
      Manifest.readFully(file, chunk, (long) kept * m.chunkBytes());
      if (!m.matches(kept, chunk.array(), chunk.position())) {
        break;
      }
      kept++;
    }
    file.truncate((long) kept * m.chunkBytes());
    if (kept > 0) {
      logger.info("blobs: resuming {} after {} verified chunk(s)", sha, kept);
    }
    return kept;
  }

  private static String hashOf(FileChannel file) throws IOException {
    MessageDigest d = Hashes.sha256();
    ByteBuffer buffer = ByteBuffer.allocate(256 * 1024);
    long position = 0;
    for (int n; (n = file.read(buffer.clear(), position)) > 0; ) {
      d.update(buffer.flip());
      position += n;
    }
    return Hashes.hex(d.digest());
  }

  /** The body of an answer, or an {@link IllegalStateException} with the failure's message. */
  private byte[] answer(CompletableFuture<byte[]> request) throws InterruptedException {
    try {
      // The request has its own timeout; this one only guards against a future never completed.
      return request.get(timeout.toMillis() + 10_000, TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException("no answer", e);
    }
  }

  private void progress(long d, long t) {
    done = d;
    total = t;
    for (BlobProgress p : listeners) {
      tell(p, d, t);
    }
  }

  private void tell(BlobProgress p, long d, long t) {
    try {
      p.progress(d, t);
    } catch (RuntimeException e) {
      logger.debug("blobs: a progress listener failed: {}", e.toString());
    }
  }
}
