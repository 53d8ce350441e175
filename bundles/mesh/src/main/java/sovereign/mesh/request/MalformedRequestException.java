package sovereign.mesh.request;

/**
 * A request/response frame that does not decode. The message says what and at which byte offset; it
 * never quotes a body.
 *
 * <p>Checked, so that the caller decides what a bad frame costs its sender: the mesh closes the
 * connection and counts a protocol violation, as for a malformed transport frame.
 */
public final class MalformedRequestException extends Exception {

  private static final long serialVersionUID = 1L;

  /** A frame that failed to decode for {@code reason}. */
  public MalformedRequestException(String reason) {
    super(reason);
  }
}
