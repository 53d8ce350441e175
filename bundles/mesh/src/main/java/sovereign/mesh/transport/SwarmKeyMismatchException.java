package sovereign.mesh.transport;

import java.io.IOException;

/**
 * The peer's first bytes after its swarm-key nonce do not decrypt to a TLS record header, so it
 * uses another swarm key (or does not speak the mesh protocol at all). See {@link
 * TlsRecordSniffer}.
 */
public final class SwarmKeyMismatchException extends IOException {

  private static final long serialVersionUID = 1L;

  SwarmKeyMismatchException(String headerHex) {
    super(
        "the peer's first bytes after its swarm-key nonce decrypt to "
            + headerHex
            + ", not a TLS record header: it uses another swarm key, or is not a mesh node");
  }
}
