package sovereign.ledger;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * The primitives of the canonical encodings (docs/ledger.md): big-endian integers and UTF-8 strings
 * prefixed by their byte length as a u32. Reading is strict: a short input, a string that is not
 * valid UTF-8 or bytes left over are errors.
 */
final class Bytes {

  private Bytes() {}

  /** Appends big-endian fields to a growing array. */
  static final class Writer {
    private byte[] buf = new byte[256];
    private int size;

    Writer u8(int v) {
      ensure(1);
      buf[size++] = (byte) v;
      return this;
    }

    Writer u16(int v) {
      return u8(v >>> 8).u8(v);
    }

    Writer u32(long v) {
      ensure(4);
      for (int shift = 24; shift >= 0; shift -= 8) {
        buf[size++] = (byte) (v >>> shift);
      }
      return this;
    }

    Writer i64(long v) {
      ensure(8);
      for (int shift = 56; shift >= 0; shift -= 8) {
        buf[size++] = (byte) (v >>> shift);
      }
      return this;
    }

    Writer raw(byte[] bytes) {
      ensure(bytes.length);
      System.arraycopy(bytes, 0, buf, size, bytes.length);
      size += bytes.length;
      return this;
    }

    Writer str(String s) {
      byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
      return u32(utf8.length).raw(utf8);
    }

    byte[] toByteArray() {
      return Arrays.copyOf(buf, size);
    }

    private void ensure(int more) {
      if (size + more > buf.length) {
        buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + more));
      }
    }
  }

  /** Reads big-endian fields; every method throws {@link IllegalArgumentException} on bad input. */
  static final class Reader {
    private final ByteBuffer in;

    Reader(byte[] bytes) {
      this.in = ByteBuffer.wrap(bytes);
    }

    int u8() {
      need(1);
      return in.get() & 0xff;
    }

    int u16() {
      need(2);
      return in.getShort() & 0xffff;
    }

    long u32() {
      need(4);
      return in.getInt() & 0xffffffffL;
    }

    long i64() {
      need(8);
      return in.getLong();
    }

    byte[] raw(int n) {
      need(n);
      byte[] out = new byte[n];
      in.get(out);
      return out;
    }

    String str() {
      long n = u32();
      if (n > in.remaining()) {
        throw new IllegalArgumentException(
            "a string of " + n + " bytes runs past the end (" + in.remaining() + " left)");
      }
      byte[] utf8 = raw((int) n);
      try {
        CharBuffer chars =
            StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(utf8));
        return chars.toString();
      } catch (CharacterCodingException e) {
        throw new IllegalArgumentException("a string is not valid UTF-8");
      }
    }

    void end() {
      if (in.hasRemaining()) {
        throw new IllegalArgumentException(in.remaining() + " bytes follow the last field");
      }
    }

    private void need(int n) {
      if (in.remaining() < n) {
        throw new IllegalArgumentException("the bytes end in the middle of a field");
      }
    }
  }

  /** SHA-256 of the concatenation of the parts. */
  static byte[] sha256(byte[]... parts) {
    MessageDigest digest;
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this JVM has no SHA-256", e);
    }
    for (byte[] part : parts) {
      digest.update(part);
    }
    return digest.digest();
  }
}
