package sovereign.mesh.transport;

import io.netty.handler.codec.CorruptedFrameException;

/** A peer broke the frame format: what it did and the numbers. */
final class FrameException extends CorruptedFrameException {

  private static final long serialVersionUID = 1L;

  private final Misbehaviour.Kind kind;

  FrameException(Misbehaviour.Kind kind, String detail) {
    super(detail);
    this.kind = kind;
  }

  Misbehaviour.Kind kind() {
    return kind;
  }
}
