package sovereign.mesh.discovery;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import sovereign.mesh.wire.WireReader;

/**
 * The rendezvous protocol's messages, carried by mesh request/response under {@value #PROTOCOL}.
 * Big-endian; a string is one length byte and UTF-8; nothing may follow the last field. A point
 * refuses a request by failing it, with the reason as the failure's message.
 *
 * <pre>
 * request   u8 version (1) | u8 kind
 *   REGISTER (1)    u16 length | registration (see {@link Registration})
 *   DISCOVER (2)    namespace:string | u16 limit (1 to {@value #MAX_DISCOVER})
 *   UNREGISTER (3)  namespace:string
 * response  u8 version (1), then by kind:
 *   REGISTER        u32 the ttl granted, seconds
 *   DISCOVER        u16 n | n × (u8 family 4|6 | 4 or 16 bytes: the IP address the point observed
 *                   | u16 length | registration)
 *   UNREGISTER      u8 1 if a registration was removed, else 0
 * </pre>
 */
final class RendezvousWire {

  /** The request/response protocol name. */
  static final String PROTOCOL = "/sovereign/rendezvous/1";

  static final int VERSION = 1;

  /** The most registrations one DISCOVER returns. */
  static final int MAX_DISCOVER = 100;

  private RendezvousWire() {}

  enum Kind {
    REGISTER,
    DISCOVER,
    UNREGISTER;

    int code() {
      return ordinal() + 1;
    }
  }

  /** A decoded request: the registration for REGISTER, the namespace (and limit) otherwise. */
  record Request(Kind kind, Registration registration, String namespace, int limit) {}

  /** One registration as a point returns it: with the address it observed. */
  record Found(InetAddress observed, Registration registration) {
    InetSocketAddress address() {
      return new InetSocketAddress(observed, registration.port());
    }
  }

  static byte[] register(Registration r) {
    byte[] bytes = r.encode();
    return write(
        out -> out.writeByte(VERSION),
        o -> o.writeByte(Kind.REGISTER.code()),
        o -> {
          o.writeShort(bytes.length);
          o.write(bytes);
        });
  }

  static byte[] discover(String namespace, int limit) {
    return write(
        o -> o.writeByte(VERSION),
        o -> o.writeByte(Kind.DISCOVER.code()),
        o -> string(o, namespace),
        o -> o.writeShort(limit));
  }

  static byte[] unregister(String namespace) {
    return write(
        o -> o.writeByte(VERSION),
        o -> o.writeByte(Kind.UNREGISTER.code()),
        o -> string(o, namespace));
  }

  /**
   * @throws IllegalArgumentException saying what is malformed
   */
  static Request decodeRequest(byte[] bytes) {
    Reader r = new Reader(bytes, "rendezvous request");
    r.version();
    int kind = r.u8();
    Request out =
        switch (kind) {
          case 1 -> {
            int n = r.u16();
            if (n > Registration.MAX_BYTES) {
              throw r.malformed("a registration of " + n + " bytes");
            }
            Registration reg = Registration.decode(r.bytes(n));
            yield new Request(Kind.REGISTER, reg, reg.namespace(), 0);
          }
          case 2 -> {
            String ns = namespace(r);
            int limit = r.u16();
            if (limit < 1 || limit > MAX_DISCOVER) {
              throw r.malformed("limit " + limit + ", expected 1 to " + MAX_DISCOVER);
            }
            yield new Request(Kind.DISCOVER, null, ns, limit);
          }
          case 3 -> new Request(Kind.UNREGISTER, null, namespace(r), 0);
          default -> throw r.malformed("request kind " + kind + ", expected 1 to 3");
        };
    r.end();
    return out;
  }

  private static String namespace(Reader r) {
    String ns = r.string();
    try {
      return Registration.checkNamespace(ns);
    } catch (IllegalArgumentException e) {
      throw r.malformed(e.getMessage());
    }
  }

  static byte[] registered(long ttlSeconds) {
    return write(o -> o.writeByte(VERSION), o -> o.writeInt((int) ttlSeconds));
  }

  static long decodeRegistered(byte[] bytes) {
    Reader r = new Reader(bytes, "REGISTER response");
    r.version();
    long ttl = r.u32();
    r.end();
    return ttl;
  }

  static byte[] found(List<Found> found) {
    return write(
        o -> o.writeByte(VERSION),
        o -> {
          o.writeShort(found.size());
          for (Found f : found) {
            byte[] ip = f.observed().getAddress();
            byte[] reg = f.registration().encode();
            o.writeByte(ip.length == 4 ? 4 : 6);
            o.write(ip);
            o.writeShort(reg.length);
            o.write(reg);
          }
        });
  }

  static List<Found> decodeFound(byte[] bytes) {
    Reader r = new Reader(bytes, "DISCOVER response");
    r.version();
    int n = r.u16();
    if (n > MAX_DISCOVER) {
      throw r.malformed(n + " registrations, at most " + MAX_DISCOVER);
    }
    List<Found> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      int family = r.u8();
      byte[] ip =
          switch (family) {
            case 4 -> r.bytes(4);
            case 6 -> r.bytes(16);
            default -> throw r.malformed("address family " + family);
          };
      int len = r.u16();
      if (len > Registration.MAX_BYTES) {
        throw r.malformed("a registration of " + len + " bytes");
      }
      Registration reg = Registration.decode(r.bytes(len));
      try {
        out.add(new Found(InetAddress.getByAddress(ip), reg));
      } catch (UnknownHostException e) {
        throw r.malformed("a bad IP address");
      }
    }
    r.end();
    return out;
  }

  static byte[] unregistered(boolean removed) {
    return write(o -> o.writeByte(VERSION), o -> o.writeByte(removed ? 1 : 0));
  }

  static boolean decodeUnregistered(byte[] bytes) {
    Reader r = new Reader(bytes, "UNREGISTER response");
    r.version();
    int v = r.u8();
    r.end();
    if (v > 1) {
      throw r.malformed("flag " + v);
    }
    return v == 1;
  }

  // ---- primitives ----

  @FunctionalInterface
  private interface Part {
    void write(DataOutputStream out) throws IOException;
  }

  private static byte[] write(Part... parts) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    try {
      for (Part p : parts) {
        p.write(out);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e); // Not from a byte array.
    }
    return bytes.toByteArray();
  }

  private static void string(DataOutputStream out, String s) throws IOException {
    byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
    if (utf8.length > 255) {
      throw new IllegalArgumentException("a string has at most 255 UTF-8 bytes");
    }
    out.writeByte(utf8.length);
    out.write(utf8);
  }

  /** Reads a message of this protocol: the shared fields, and its version byte. */
  static final class Reader extends WireReader {

    Reader(byte[] bytes, String what) {
      super(bytes, what);
    }

    void version() {
      int v = u8();
      if (v != VERSION) {
        throw malformed("version " + v + ", expected " + VERSION);
      }
    }
  }
}
