package sovereign.policy;

/**
 * Classifies a host without any lookup: a host name, a public IP address, or a special one
 * (loopback, private, link-local, unspecified) that only an explicit grant naming it may reach.
 * Anything else, such as the abbreviated IPv4 forms a resolver would read as an address ({@code
 * 127.1}, {@code 0x7f000001}, {@code 2130706433}), is invalid.
 */
final class NetAddresses {

  enum Kind {
    NAME,
    PUBLIC,
    SPECIAL,
    INVALID
  }

  private NetAddresses() {}

  static Kind classify(String host) {
    String h = host.startsWith("[") && host.endsWith("]") ? unbracket(host) : host;
    if (h.isEmpty() || h.length() > 253) {
      return Kind.INVALID;
    }
    if (h.indexOf(':') >= 0) {
      byte[] v6 = ipv6(h);
      return v6 == null ? Kind.INVALID : classify6(v6);
    }
    if (numeric(h)) {
      byte[] v4 = ipv4(h);
      return v4 == null ? Kind.INVALID : classify4(v4);
    }
    if (!name(h)) {
      return Kind.INVALID;
    }
    return h.equals("localhost") || h.endsWith(".localhost") ? Kind.SPECIAL : Kind.NAME;
  }

  /** The bytes of an IP literal, for comparing two spellings of one address; null for a name. */
  static byte[] literal(String host) {
    String h = host.startsWith("[") && host.endsWith("]") ? unbracket(host) : host;
    if (h.indexOf(':') >= 0) {
      byte[] v6 = ipv6(h);
      byte[] v4 = v6 == null ? null : mapped4(v6);
      return v4 != null ? v4 : v6;
    }
    return numeric(h) ? ipv4(h) : null;
  }

  private static String unbracket(String host) {
    return host.substring(1, host.length() - 1);
  }

  /** Looks like an address rather than a name: the last label is all digits, or hex (0x..). */
  private static boolean numeric(String h) {
    int dot = h.lastIndexOf('.');
    String last = h.substring(dot + 1);
    if (last.startsWith("0x") || h.startsWith("0x")) {
      return true;
    }
    return !last.isEmpty() && last.chars().allMatch(c -> c >= '0' && c <= '9');
  }

  private static boolean name(String h) {
    for (String label : h.split("\\.", -1)) {
      if (label.isEmpty()
          || label.length() > 63
          || label.startsWith("-")
          || label.endsWith("-")
          || !label
              .chars()
              .allMatch(c -> (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) {
        return false;
      }
    }
    return true;
  }

  /** A canonical dotted quad only: four decimal parts 0-255 without leading zeros. */
  static byte[] ipv4(String h) {
    String[] parts = h.split("\\.", -1);
    if (parts.length != 4) {
      return null;
    }
    byte[] out = new byte[4];
    for (int i = 0; i < 4; i++) {
      String p = parts[i];
      if (p.isEmpty()
          || p.length() > 3
          || (p.length() > 1 && p.charAt(0) == '0')
          || !p.chars().allMatch(c -> c >= '0' && c <= '9')) {
        return null;
      }
      int v = Integer.parseInt(p);
      if (v > 255) {
        return null;
      }
      out[i] = (byte) v;
    }
    return out;
  }

  static byte[] ipv6(String h) {
    int zone = h.indexOf('%');
    if (zone >= 0
        || !h.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == ':' || c == '.')) {
      return null;
    }
    int gap = h.indexOf("::");
    if (gap >= 0 && h.indexOf("::", gap + 1) >= 0) {
      return null;
    }
    String head = gap < 0 ? h : h.substring(0, gap);
    String tail = gap < 0 ? "" : h.substring(gap + 2);
    int[] left = groups(head);
    int[] right = groups(tail);
    if (left == null || right == null) {
      return null;
    }
    int total = left.length + right.length;
    if ((gap < 0 && total != 8) || (gap >= 0 && total > 7)) {
      return null;
    }
    byte[] out = new byte[16];
    for (int i = 0; i < left.length; i++) {
      out[2 * i] = (byte) (left[i] >> 8);
      out[2 * i + 1] = (byte) left[i];
    }
    for (int i = 0; i < right.length; i++) {
      int at = 8 - right.length + i;
      out[2 * at] = (byte) (right[i] >> 8);
      out[2 * at + 1] = (byte) right[i];
    }
    return out;
  }

  /** Groups of up to 4 hex digits; a dotted quad at the end counts as two groups. */
  private static int[] groups(String s) {
    if (s.isEmpty()) {
      return new int[0];
    }
    String[] parts = s.split(":", -1);
    int last = parts.length - 1;
    boolean quad = parts[last].indexOf('.') >= 0;
    int[] out = new int[parts.length + (quad ? 1 : 0)];
    for (int i = 0; i < parts.length; i++) {
      String p = parts[i];
      if (i == last && quad) {
        byte[] v4 = ipv4(p);
        if (v4 == null) {
          return null;
        }
        out[i] = ((v4[0] & 0xff) << 8) | (v4[1] & 0xff);
        out[i + 1] = ((v4[2] & 0xff) << 8) | (v4[3] & 0xff);
      } else {
        if (p.isEmpty() || p.length() > 4 || p.indexOf('.') >= 0) {
          return null;
        }
        out[i] = Integer.parseInt(p, 16);
      }
    }
    return out;
  }

  private static Kind classify4(byte[] a) {
    int b0 = a[0] & 0xff;
    int b1 = a[1] & 0xff;
    boolean special =
        b0 == 0 // "this network", 0.0.0.0
            || b0 == 127 // loopback
            || b0 == 10 // RFC 1918
            || (b0 == 172 && b1 >= 16 && b1 <= 31)
            || (b0 == 192 && b1 == 168)
            || (b0 == 169 && b1 == 254); // link-local
    return special ? Kind.SPECIAL : Kind.PUBLIC;
  }

  private static Kind classify6(byte[] a) {
    byte[] v4 = mapped4(a);
    if (v4 != null) {
      return classify4(v4);
    }
    boolean zeroPrefix = true;
    for (int i = 0; i < 15; i++) {
      zeroPrefix &= a[i] == 0;
    }
    int b0 = a[0] & 0xff;
    int b1 = a[1] & 0xff;
    boolean special =
        (zeroPrefix && (a[15] == 0 || a[15] == 1)) // unspecified, loopback
            || (b0 & 0xfe) == 0xfc // unique local fc00::/7
            || (b0 == 0xfe && (b1 & 0xc0) == 0x80) // link-local fe80::/10
            || (b0 == 0xfe && (b1 & 0xc0) == 0xc0); // site-local fec0::/10 (deprecated)
    return special ? Kind.SPECIAL : Kind.PUBLIC;
  }

  /** The IPv4 address inside an IPv4-mapped (::ffff:a.b.c.d) or -compatible address. */
  private static byte[] mapped4(byte[] a) {
    for (int i = 0; i < 10; i++) {
      if (a[i] != 0) {
        return null;
      }
    }
    boolean mapped = (a[10] & 0xff) == 0xff && (a[11] & 0xff) == 0xff;
    boolean compatible = a[10] == 0 && a[11] == 0 && (a[12] != 0 || a[13] != 0);
    return mapped || compatible ? new byte[] {a[12], a[13], a[14], a[15]} : null;
  }
}
