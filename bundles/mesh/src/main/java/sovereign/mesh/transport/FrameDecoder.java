package sovereign.mesh.transport;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;

/**
 * Splits the decrypted TLS stream into frames. Wire format of a frame, in both directions:
 *
 * <pre>
 * length   4 bytes, big-endian, unsigned: the number of payload bytes (0 allowed)
 * payload  length bytes
 * </pre>
 *
 * <p>A length above the limit is refused as soon as its 4 bytes are in, before any payload is
 * buffered, so a peer cannot make us hold more than one frame's worth of memory; a length with the
 * top bit set (negative as a signed int) is simply a very large unsigned one. A connection that
 * ends with part of a frame buffered is truncated. Both raise {@link FrameException} towards the
 * connection handler, which reports a {@link Misbehaviour} and closes that connection only; a
 * truncation is raised before the close event goes up, so the report precedes {@code closed}.
 */
final class FrameDecoder extends ByteToMessageDecoder {

  static final int HEADER_BYTES = 4;

  private final int maxFrameBytes;
  private boolean failed;

  FrameDecoder(int maxFrameBytes) {
    this.maxFrameBytes = maxFrameBytes;
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    if (failed) {
      in.skipBytes(in.readableBytes());
      return;
    }
    if (in.readableBytes() < HEADER_BYTES) {
      return;
    }
    long length = in.getUnsignedInt(in.readerIndex());
    if (length > maxFrameBytes) {
      failed = true;
      in.skipBytes(in.readableBytes());
      ctx.fireExceptionCaught(
          new FrameException(
              Misbehaviour.Kind.OVERSIZED_FRAME,
              "a frame header announced " + length + " bytes; the limit is " + maxFrameBytes));
      return;
    }
    if (in.readableBytes() < HEADER_BYTES + length) {
      return;
    }
    in.skipBytes(HEADER_BYTES);
    out.add(in.readRetainedSlice((int) length));
  }

  @Override
  protected void decodeLast(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    decode(ctx, in, out);
    if (!failed && in.isReadable()) {
      String detail =
          in.readableBytes() < HEADER_BYTES
              ? "the connection ended after "
                  + in.readableBytes()
                  + " of the 4 bytes of a frame header"
              : "the connection ended "
                  + (in.readableBytes() - HEADER_BYTES)
                  + " bytes into a frame of "
                  + in.getUnsignedInt(in.readerIndex())
                  + " bytes";
      in.skipBytes(in.readableBytes());
      ctx.fireExceptionCaught(new FrameException(Misbehaviour.Kind.TRUNCATED_FRAME, detail));
    }
  }
}
