package sovereign.mesh.wire;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import sovereign.api.identity.NodeId;

/**
 * Reads one message of a small big-endian format (heartbeats, peer records, rendezvous). Every read
 * past the end or of a bad value throws an {@link IllegalArgumentException} that names the message
 * and the byte where reading stopped. Subclasses add the fields of their format.
 */
public class WireReader {

  private final ByteBuffer buffer;
  private final String what;

  /**
   * @param what the message, for error messages, like "heartbeat"
   */
  public WireReader(byte[] bytes, String what) {
    this.buffer = ByteBuffer.wrap(bytes);
    this.what = what;
  }

  /** An error about the message at the current position. */
  public IllegalArgumentException malformed(String why) {
    return new IllegalArgumentException(
        "malformed " + what + " at byte " + buffer.position() + ": " + why);
  }

  public int u8() {
    try {
      return buffer.get() & 0xff;
    } catch (BufferUnderflowException e) {
      throw malformed("truncated");
    }
  }

  public int u16() {
    try {
      return buffer.getShort() & 0xffff;
    } catch (BufferUnderflowException e) {
      throw malformed("truncated");
    }
  }

  public long u32() {
    try {
      return buffer.getInt() & 0xffff_ffffL;
    } catch (BufferUnderflowException e) {
      throw malformed("truncated");
    }
  }

  public long i64() {
    try {
      return buffer.getLong();
    } catch (BufferUnderflowException e) {
      throw malformed("truncated");
    }
  }

  public byte[] bytes(int n) {
    if (buffer.remaining() < n) {
      throw malformed("truncated");
    }
    byte[] out = new byte[n];
    buffer.get(out);
    return out;
  }

  /** A NodeID written as its 32-byte Ed25519 key. */
  public NodeId node() {
    try {
      return NodeId.fromPublicKey(bytes(32));
    } catch (IllegalArgumentException e) {
      throw malformed("not a NodeID: " + e.getMessage());
    }
  }

  /** A string written as a u8 length and that many bytes of well-formed UTF-8. */
  public String string() {
    return StrictUtf8.decode(bytes(u8()))
        .orElseThrow(() -> malformed("a string is not well-formed UTF-8"));
  }

  /** Checks that nothing follows the last field. */
  public void end() {
    if (buffer.hasRemaining()) {
      throw malformed(buffer.remaining() + " trailing byte(s)");
    }
  }
}
