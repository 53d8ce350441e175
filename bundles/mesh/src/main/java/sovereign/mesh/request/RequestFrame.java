package sovereign.mesh.request;

import java.util.Arrays;
import java.util.Objects;

/**
 * One request or response on the wire; see {@link RequestCodec} for the bytes.
 *
 * @param status {@link Status#REQUEST} for a request, else how the request went
 * @param id the requester's number for the request, echoed in the response
 * @param protocol the protocol of a request; empty in a response
 * @param body the request or response body; for an error status, a UTF-8 sentence
 */
public record RequestFrame(Status status, long id, String protocol, byte[] body) {

  /** What a frame is, and for a response, how the request went. Codes are the wire byte. */
  public enum Status {
    REQUEST(0),
    OK(1),
    NO_HANDLER(2),
    HANDLER_FAILED(3),
    BUSY(4),
    TOO_LARGE(5);

    final int code;

    Status(int code) {
      this.code = code;
    }

    static Status of(int code) {
      for (Status s : values()) {
        if (s.code == code) {
          return s;
        }
      }
      return null;
    }
  }

  public RequestFrame {
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(protocol, "protocol");
    Objects.requireNonNull(body, "body");
    if ((status == Status.REQUEST) == protocol.isEmpty()) {
      throw new IllegalArgumentException(
          "a request names its protocol and a response does not, here: "
              + status
              + " with '"
              + protocol
              + "'");
    }
  }

  /** A request. */
  public static RequestFrame request(long id, String protocol, byte[] body) {
    return new RequestFrame(Status.REQUEST, id, protocol, body);
  }

  /** A response. */
  public static RequestFrame response(long id, Status status, byte[] body) {
    return new RequestFrame(status, id, "", body);
  }

  /** Whether this is a request (not a response). */
  public boolean isRequest() {
    return status == Status.REQUEST;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RequestFrame f
        && f.status == status
        && f.id == id
        && f.protocol.equals(protocol)
        && Arrays.equals(f.body, body);
  }

  @Override
  public int hashCode() {
    return Objects.hash(status, id, protocol, Arrays.hashCode(body));
  }

  @Override
  public String toString() {
    return "RequestFrame[" + status + " #" + id + " " + protocol + ", " + body.length + " bytes]";
  }
}
