package sovereign.mesh.blob;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static sovereign.mesh.blob.BlobNode.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sovereign.mesh.SwarmKey;

/** {@link BlobService} between real meshes on loopback. */
class BlobServiceTest {

  private static final int CHUNK = 64 * 1024;

  @TempDir Path dir;
  private final SwarmKey key = SwarmKey.generate();
  private final List<BlobNode> nodes = new ArrayList<>();

  @AfterEach
  void stopAll() {
    nodes.forEach(BlobNode::close);
  }

  private BlobNode node(String name) {
    BlobNode n = new BlobNode(dir, name, key);
    nodes.add(n);
    return n;
  }

  private BlobNode fake(String name, FakeHolder holder) {
    BlobNode n = node(name).startMesh();
    n.mesh.serve(BlobService.PROTOCOL, holder::handle);
    return n;
  }

  /** A fetching node with a blob service, connected to {@code holders}. */
  private BlobNode fetcher(BlobNode... holders) {
    BlobNode f = node("fetcher").startMesh(holders).startBlobs();
    await(() -> f.peers() == holders.length, "the fetcher connected to every holder");
    return f;
  }

  private static byte[] random(int size, long seed) {
    byte[] bytes = new byte[size];
    new Random(seed).nextBytes(bytes);
    return bytes;
  }

  private static String sha(byte[] bytes) {
    return Hashes.hex(Hashes.sha256(bytes, bytes.length));
  }

  private static Path get(CompletableFuture<Path> f) throws Exception {
    return f.get(60, TimeUnit.SECONDS);
  }

  private static Throwable failure(CompletableFuture<Path> f) throws Exception {
    try {
      f.get(60, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      return e.getCause();
    }
    throw new AssertionError("the fetch succeeded");
  }

  @Test
  void aBlobPutOnSeveralHoldersIsFetchedVerifiedWithProgressToItsTotal() throws Exception {
    byte[] blob = random(5 * 1024 * 1024 + 123, 1);
    Path source = Files.write(dir.resolve("source.bin"), blob);
    BlobNode h1 = node("h1").startMesh().startBlobs();
    BlobNode h2 = node("h2").startMesh().startBlobs();
    String sha = h1.blobs.put(source);
    assertThat(h2.blobs.put(source)).isEqualTo(sha).isEqualTo(sha(blob));
    BlobNode f = fetcher(h1, h2);
    List<long[]> progress = new CopyOnWriteArrayList<>();

    Path fetched =
        get(
            f.blobs.fetch(
                sha.toUpperCase(), (done, total) -> progress.add(new long[] {done, total})));

    assertThat(fetched).isEqualTo(f.blobDir().resolve(sha));
    assertThat(Files.readAllBytes(fetched)).isEqualTo(blob);
    assertThat(f.blobs.has(sha)).isTrue();
    assertThat(f.blobs.list())
        .singleElement()
        .satisfies(i -> assertThat(i.size()).isEqualTo(blob.length));
    assertThat(progress).allSatisfy(p -> assertThat(p[1]).isEqualTo(blob.length));
    assertThat(progress.get(0)[0]).isZero();
    assertThat(progress.get(progress.size() - 1)[0]).isEqualTo(blob.length);
    assertThat(progress).extracting(p -> p[0]).isSorted();
    assertThat(f.blobDir().resolve(BlobStore.PARTIAL)).isEmptyDirectory();
  }

  @Test
  void aPeerServingCorruptChunksIsDroppedAndTheBlobStillVerifies() throws Exception {
    byte[] blob = random(10 * CHUNK + 5, 2);
    FakeHolder honest = new FakeHolder(blob, CHUNK);
    FakeHolder liar = new FakeHolder(blob, CHUNK);
    liar.lie = true;
    BlobNode f = fetcher(fake("honest", honest), fake("liar", liar));

    Path fetched = get(f.blobs.fetch(sha(blob), null));

    assertThat(Files.readAllBytes(fetched)).isEqualTo(blob);
    // Both were in turn; the liar was asked once, then no more.
    assertThat(liar.chunksServed()).isEqualTo(1);
    assertThat(honest.chunksServed()).isEqualTo(11 - 1 + 1);
    assertThat(f.log).anyMatch(l -> l.contains("does not match its hash"));
  }

  @Test
  void aManifestWhoseChunksAddUpToAnotherBlobIsRefused() throws Exception {
    byte[] blob = random(3 * CHUNK, 3);
    // Serves other bytes, with a manifest true to them, under the name of this blob.
    FakeHolder impostor = new FakeHolder(random(3 * CHUNK, 4), CHUNK);
    BlobNode f = fetcher(fake("impostor", impostor));

    Throwable e = failure(f.blobs.fetch(sha(blob), null));

    assertThat(e).isInstanceOf(IllegalStateException.class).hasMessageContaining("lied");
    assertThat(f.blobs.has(sha(blob))).isFalse();
    assertThat(f.blobDir().resolve(BlobStore.PARTIAL)).isEmptyDirectory();
  }

  @Test
  void aHashNoPeerHoldsFailsSayingSo() throws Exception {
    BlobNode f = fetcher(node("h").startMesh().startBlobs());
    String unknown = "ab".repeat(32);

    Throwable e = failure(f.blobs.fetch(unknown, null));

    assertThat(e)
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("no connected peer holds blob " + unknown + " (asked 1)");
  }

  @Test
  void badHexIsRefusedQuotingIt() {
    BlobNode f = node("f").startMesh().startBlobs();
    assertThatThrownBy(() -> f.blobs.fetch("xyz", null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("'xyz' is not a SHA-256: give 64 hexadecimal digits");
    assertThatThrownBy(() -> f.blobs.has("g".repeat(64)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'" + "g".repeat(64) + "'");
  }

  @Test
  void aPartialFetchLeftByACrashIsResumedFromItsVerifiedChunks() throws Exception {
    byte[] blob = random(8 * CHUNK + 17, 5);
    String sha = sha(blob);
    FakeHolder holder = new FakeHolder(blob, CHUNK);
    BlobNode holderNode = fake("holder", holder);
    BlobNode f = node("fetcher").startMesh(holderNode);
    // What a crash left: three good chunks and part of a fourth with a wrong byte; a put under
    // way; and an old partial fetch of another blob.
    Path partial = Files.createDirectories(f.blobDir().resolve(BlobStore.PARTIAL));
    byte[] left = java.util.Arrays.copyOf(blob, 3 * CHUNK + 100);
    left[3 * CHUNK + 50] ^= 1;
    Files.write(partial.resolve(sha + ".part"), left);
    Path put = Files.write(partial.resolve("put-1.tmp"), new byte[10]);
    Path old = Files.write(partial.resolve("cd".repeat(32) + ".part"), new byte[10]);
    Files.setLastModifiedTime(old, FileTime.from(Instant.now().minusSeconds(3 * 86_400)));
    f.startBlobs();
    await(() -> f.peers() == 1, "connected");
    assertThat(put).doesNotExist();
    assertThat(old).doesNotExist();

    Path fetched = get(f.blobs.fetch(sha, null));

    assertThat(Files.readAllBytes(fetched)).isEqualTo(blob);
    assertThat(holder.asked.keySet()).containsExactlyInAnyOrder(3, 4, 5, 6, 7, 8);
    assertThat(f.log).anyMatch(l -> l.contains("resuming " + sha + " after 3 verified chunk(s)"));
  }

  @Test
  void twoFetchesOfOneBlobAtOnceShareOneDownload() throws Exception {
    byte[] blob = random(4 * CHUNK, 6);
    FakeHolder holder = new FakeHolder(blob, CHUNK);
    holder.gate = new CountDownLatch(1);
    BlobNode f = fetcher(fake("holder", holder));
    List<long[]> second = new CopyOnWriteArrayList<>();

    CompletableFuture<Path> one = f.blobs.fetch(sha(blob), null);
    await(() -> holder.chunksServed() == 1, "the first chunk was asked for");
    CompletableFuture<Path> two =
        f.blobs.fetch(sha(blob), (done, total) -> second.add(new long[] {done, total}));
    holder.gate.countDown();

    assertThat(get(one)).isEqualTo(get(two));
    assertThat(f.blobs.downloads.get()).isEqualTo(1);
    assertThat(holder.asked.values()).allSatisfy(n -> assertThat(n.get()).isEqualTo(1));
    assertThat(second.get(second.size() - 1)).containsExactly(blob.length, blob.length);
  }
}
