package sovereign.mesh.heartbeat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import sovereign.api.identity.NodeId;
import sovereign.mesh.wire.WireReader;

/**
 * The primitives of the heartbeat and peer-record formats: big-endian integers, a NodeID as the 32
 * bytes of its Ed25519 public key, and a string as one length byte (0 to 255) followed by that many
 * bytes of well-formed UTF-8.
 */
final class Wire {

  private Wire() {}

  /** What every payload of these topics starts with: format version, NodeID, sequence number. */
  record Header(NodeId node, long sequence) {}

  /** Builds a payload. */
  static final class Writer {
    private ByteBuffer buffer = ByteBuffer.allocate(256);

    private void room(int n) {
      if (buffer.remaining() < n) {
        ByteBuffer bigger =
            ByteBuffer.allocate(Math.max(buffer.capacity() * 2, buffer.position() + n));
        buffer.flip();
        bigger.put(buffer);
        buffer = bigger;
      }
    }

    /** Starts a payload: format version, NodeID, sequence number. */
    Writer header(int format, NodeId node, long sequence) {
      return u8(format).node(node).i64(sequence);
    }

    Writer u8(int v) {
      if (v < 0 || v > 0xff) {
        throw new IllegalArgumentException(v + " does not fit one byte");
      }
      room(1);
      buffer.put((byte) v);
      return this;
    }

    Writer u16(int v) {
      if (v < 0 || v > 0xffff) {
        throw new IllegalArgumentException(v + " does not fit two bytes");
      }
      room(2);
      buffer.putShort((short) v);
      return this;
    }

    Writer i64(long v) {
      room(8);
      buffer.putLong(v);
      return this;
    }

    Writer bytes(byte[] b) {
      room(b.length);
      buffer.put(b);
      return this;
    }

    Writer node(NodeId node) {
      return bytes(node.publicKey());
    }

    Writer string(String s) {
      byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
      if (utf8.length > 255) {
        throw new IllegalArgumentException(
            "a string has at most 255 UTF-8 bytes: '" + s.substring(0, 32) + "…'");
      }
      return u8(utf8.length).bytes(utf8);
    }

    byte[] toBytes() {
      byte[] out = new byte[buffer.position()];
      buffer.flip();
      buffer.get(out);
      return out;
    }
  }

  /** Reads a payload: the shared fields, and the header of these topics. */
  static final class Reader extends WireReader {

    Reader(byte[] payload, String what) {
      super(payload, what);
    }

    /**
     * Reads the start of a payload and checks it: the expected format version and a positive
     * sequence number.
     */
    Header header(int format) {
      int found = u8();
      if (found != format) {
        throw malformed("format version " + found + ", expected " + format);
      }
      NodeId node = node();
      long sequence = i64();
      if (sequence <= 0) {
        throw malformed("the sequence number is not positive");
      }
      return new Header(node, sequence);
    }
  }
}
