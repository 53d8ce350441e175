package sovereign.mesh.blob;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration PID {@value BlobService#PID}: the blob store and its fetches. */
@ObjectClassDefinition(name = "Sovereign mesh blobs")
@interface BlobConfig {

  @AttributeDefinition(
      description = "Chunk size this node serves its blobs in, in bytes (1024..1048576)")
  int chunkBytes() default 256 * 1024;

  @AttributeDefinition(description = "How long one request to a peer (manifest or chunk) may take")
  long requestTimeoutMillis() default 30_000;

  @AttributeDefinition(description = "Largest blob this node fetches, in bytes")
  long maxBlobBytes() default 4L << 30;

  @AttributeDefinition(
      description =
          "A partial fetch left by a crash is resumed by the next fetch of that blob if it is"
              + " younger than this at start, else deleted")
  long keepPartialHours() default 24;
}
