package sovereign.api.mesh;

import java.nio.file.Path;

/**
 * A blob held by this node.
 *
 * @param sha256 its SHA-256, 64 lower-case hexadecimal digits: its name
 * @param size its length in bytes
 * @param path the file, read-only by convention: it is shared and must keep its hash
 */
public record BlobInfo(String sha256, long size, Path path) {}
