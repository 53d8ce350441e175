package sovereign.mesh.blob;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import sovereign.api.identity.NodeId;

/**
 * A peer that serves one blob under the blob protocol from memory, with the true manifest, and
 * counts the chunks asked of it. It can lie (flip a byte of every chunk it serves) or hold each
 * chunk until released.
 */
final class FakeHolder {

  final byte[] blob;
  final Manifest manifest;
  final Map<Integer, AtomicInteger> asked = new ConcurrentHashMap<>();
  volatile boolean lie;
  volatile CountDownLatch gate = new CountDownLatch(0);

  FakeHolder(byte[] blob, int chunkBytes) {
    this.blob = blob;
    byte[] hashes = new byte[(blob.length + chunkBytes - 1) / chunkBytes * 32];
    for (int i = 0; i * 32 < hashes.length; i++) {
      int from = i * chunkBytes;
      byte[] chunk =
          java.util.Arrays.copyOfRange(blob, from, Math.min(blob.length, from + chunkBytes));
      System.arraycopy(Hashes.sha256(chunk, chunk.length), 0, hashes, i * 32, 32);
    }
    manifest = new Manifest(blob.length, chunkBytes, hashes);
  }

  byte[] handle(NodeId from, byte[] request) throws InterruptedException {
    BlobWire.Ask ask = BlobWire.ask(request);
    if (ask.op() == BlobWire.HAVE) {
      return BlobWire.manifest(manifest);
    }
    asked.computeIfAbsent(ask.index(), k -> new AtomicInteger()).incrementAndGet();
    gate.await();
    int start = ask.index() * manifest.chunkBytes();
    byte[] chunk =
        java.util.Arrays.copyOfRange(blob, start, start + manifest.chunkLength(ask.index()));
    if (lie) {
      chunk[chunk.length / 2] ^= 1;
    }
    return chunk;
  }

  int chunksServed() {
    return asked.values().stream().mapToInt(AtomicInteger::get).sum();
  }
}
