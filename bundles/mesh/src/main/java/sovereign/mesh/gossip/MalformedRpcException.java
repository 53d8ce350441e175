package sovereign.mesh.gossip;

/**
 * An RPC frame that does not decode: truncated, oversized, over a count cap, or with a field
 * outside its range. The message says what and at which byte offset; it never quotes payload.
 *
 * <p>Checked, so that every caller of the decoder (the router, a fuzzer) must decide what a bad
 * frame costs the peer that sent it; the router charges a behaviour penalty (gossipsub-v1.1 §P₇).
 */
public final class MalformedRpcException extends Exception {

  private static final long serialVersionUID = 1L;

  /** A frame that failed to decode for {@code reason}. */
  public MalformedRpcException(String reason) {
    super(reason);
  }
}
