package sovereign.api.mesh;

import org.osgi.annotation.versioning.ConsumerType;
import sovereign.api.identity.NodeId;

/** Answers the requests of one protocol; see {@link Mesh#serve}. */
@ConsumerType
@FunctionalInterface
public interface RequestHandler {

  /**
   * Answers one request from {@code from}, an authenticated peer. Runs on a small pool of mesh
   * threads, never on the network or gossip threads, so it may block briefly (not for long: the
   * pool is shared by every protocol).
   *
   * @return the response body, at most the response limit (1 MiB by default); null is an empty one
   * @throws Exception to fail the request: the caller gets {@link
   *     MeshRequestException.Reason#HANDLER_FAILED} with this exception's message, trimmed
   */
  byte[] handle(NodeId from, byte[] request) throws Exception;
}
