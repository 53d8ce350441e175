package sovereign.skills;

/**
 * SHA-256 (FIPS 180-4) written plainly in Java, with the structure of the sha256 skill's
 * WebAssembly: a 64-word message schedule array, 64 rounds with a..h in locals, the same Ch and Maj
 * forms. A yardstick for {@link SkillsBench}, not for security: the JDK's {@code MessageDigest} is
 * what the node uses.
 */
final class PlainSha256 {

  private static final int[] K = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2
  };

  private PlainSha256() {}

  /** The 32-byte digest of {@code in}. */
  static byte[] digest(byte[] in) {
    int[] h = {
      0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19
    };
    int[] w = new int[64];
    int full = in.length / 64;
    for (int block = 0; block < full; block++) {
      compress(h, w, in, block * 64);
    }
    // The rest, 0x80, zeros, and the bit length as a big-endian 64-bit number: one or two blocks.
    int rest = in.length - full * 64;
    byte[] tail = new byte[rest + 9 <= 64 ? 64 : 128];
    System.arraycopy(in, full * 64, tail, 0, rest);
    tail[rest] = (byte) 0x80;
    long bits = (long) in.length * 8;
    for (int i = 0; i < 8; i++) {
      tail[tail.length - 1 - i] = (byte) (bits >>> (8 * i));
    }
    for (int off = 0; off < tail.length; off += 64) {
      compress(h, w, tail, off);
    }
    byte[] out = new byte[32];
    for (int i = 0; i < 8; i++) {
      out[4 * i] = (byte) (h[i] >>> 24);
      out[4 * i + 1] = (byte) (h[i] >>> 16);
      out[4 * i + 2] = (byte) (h[i] >>> 8);
      out[4 * i + 3] = (byte) h[i];
    }
    return out;
  }

  private static void compress(int[] hs, int[] w, byte[] m, int off) {
    for (int t = 0; t < 16; t++) {
      int p = off + 4 * t;
      w[t] =
          (m[p] & 0xff) << 24
              | (m[p + 1] & 0xff) << 16
              | (m[p + 2] & 0xff) << 8
              | (m[p + 3] & 0xff);
    }
    for (int t = 16; t < 64; t++) {
      int x = w[t - 15];
      int y = w[t - 2];
      int s0 = Integer.rotateRight(x, 7) ^ Integer.rotateRight(x, 18) ^ (x >>> 3);
      int s1 = Integer.rotateRight(y, 17) ^ Integer.rotateRight(y, 19) ^ (y >>> 10);
      w[t] = s1 + w[t - 7] + s0 + w[t - 16];
    }
    int a = hs[0];
    int b = hs[1];
    int c = hs[2];
    int d = hs[3];
    int e = hs[4];
    int f = hs[5];
    int g = hs[6];
    int h = hs[7];
    for (int t = 0; t < 64; t++) {
      int s1 = Integer.rotateRight(e, 6) ^ Integer.rotateRight(e, 11) ^ Integer.rotateRight(e, 25);
      int t1 = h + s1 + (g ^ (e & (f ^ g))) + K[t] + w[t];
      int s0 = Integer.rotateRight(a, 2) ^ Integer.rotateRight(a, 13) ^ Integer.rotateRight(a, 22);
      int t2 = s0 + ((a & b) | (c & (a | b)));
      h = g;
      g = f;
      f = e;
      e = d + t1;
      d = c;
      c = b;
      b = a;
      a = t1 + t2;
    }
    hs[0] += a;
    hs[1] += b;
    hs[2] += c;
    hs[3] += d;
    hs[4] += e;
    hs[5] += f;
    hs[6] += g;
    hs[7] += h;
  }
}
