package sovereign.api.mesh;

/**
 * Why a {@link Mesh#request} failed. Unchecked, so it travels inside the returned future's {@link
 * java.util.concurrent.ExecutionException} or {@link java.util.concurrent.CompletionException}.
 */
public final class MeshRequestException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** What went wrong, for callers that react differently to each. */
  public enum Reason {
    /** The peer is not connected (or the mesh stopped before the request went out). */
    NOT_CONNECTED,
    /** The peer serves nothing under this protocol. */
    NO_HANDLER,
    /** The peer's handler threw (its message, trimmed, is this exception's), or it was too busy. */
    HANDLER_FAILED,
    /** No response within the timeout. */
    TIMEOUT,
    /** The response would exceed the size limit. */
    TOO_LARGE,
    /** The connection closed, or the mesh stopped, while the request was under way. */
    CLOSED
  }

  private final Reason reason;

  /** A failure for {@code reason}, with a sentence for the log. */
  public MeshRequestException(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  /** What went wrong. */
  public Reason reason() {
    return reason;
  }
}
