package sovereign.api.mesh;

import org.osgi.annotation.versioning.ConsumerType;

/** Hears how far a {@link Blobs#fetch} has come; see there. */
@ConsumerType
@FunctionalInterface
public interface BlobProgress {

  /** Nothing to hear. */
  BlobProgress NONE = (done, total) -> {};

  /**
   * {@code done} of {@code total} bytes are fetched and verified. Called from a mesh thread, once
   * when the size is known and then after each chunk, with {@code done == total} last; it must
   * return quickly. An exception it throws is ignored.
   */
  void progress(long done, long total);
}
