package sovereign.identity;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.generators.SCrypt;
import org.bouncycastle.crypto.modes.GCMBlockCipher;
import org.bouncycastle.crypto.modes.GCMModeCipher;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * Passphrase encryption of the private keys: scrypt derives a 32-byte key from the passphrase
 * (UTF-8) and a random salt; AES-256-GCM encrypts with a random 12-byte nonce and authenticates the
 * key file's header as associated data.
 */
final class KeyCipher {

  static final int SALT_BYTES = 16;
  static final int NONCE_BYTES = 12;
  static final int KEY_BYTES = 32;
  static final int TAG_BITS = 128;

  /** The most memory scrypt may use (128 * r * N bytes), so a key file cannot exhaust the heap. */
  static final long MAX_SCRYPT_MEMORY = 1L << 30;

  /**
   * scrypt's cost parameters: N = 2^logN, block size r, parallelism p.
   *
   * @param logN log2 of the CPU/memory cost N
   * @param r block size
   * @param p parallelism
   */
  record ScryptParams(int logN, int r, int p) {

    static final ScryptParams DEFAULT = new ScryptParams(15, 8, 1);

    /** Why these parameters are refused, or null if they are acceptable. */
    String problem() {
      if (logN < 10 || logN > 22) {
        return "logN " + logN + " is outside 10..22";
      }
      if (r < 1 || r > 32) {
        return "r " + r + " is outside 1..32";
      }
      if (p < 1 || p > 16) {
        return "p " + p + " is outside 1..16";
      }
      if (128L * r * (1L << logN) > MAX_SCRYPT_MEMORY) {
        return "logN " + logN + " with r " + r + " needs more than 1 GiB of memory";
      }
      return null;
    }

    int n() {
      return 1 << logN;
    }
  }

  private KeyCipher() {}

  /** scrypt(passphrase as UTF-8, salt, N, r, p) to 32 bytes. */
  static byte[] deriveKey(char[] passphrase, byte[] salt, ScryptParams params) {
    ByteBuffer encoded = StandardCharsets.UTF_8.encode(CharBuffer.wrap(passphrase));
    byte[] password = new byte[encoded.remaining()];
    encoded.get(password);
    Arrays.fill(encoded.array(), (byte) 0);
    try {
      return SCrypt.generate(password, salt, params.n(), params.r(), params.p(), KEY_BYTES);
    } finally {
      Arrays.fill(password, (byte) 0);
    }
  }

  /** AES-256-GCM: ciphertext followed by the 16-byte tag. */
  static byte[] encrypt(byte[] key, byte[] nonce, byte[] associatedData, byte[] plaintext) {
    GCMModeCipher cipher = cipher(true, key, nonce, associatedData);
    byte[] out = new byte[cipher.getOutputSize(plaintext.length)];
    int length = cipher.processBytes(plaintext, 0, plaintext.length, out, 0);
    try {
      cipher.doFinal(out, length);
    } catch (InvalidCipherTextException e) {
      throw new IllegalStateException("AES-GCM encryption failed", e);
    }
    return out;
  }

  /**
   * Opens what {@link #encrypt} produced.
   *
   * @throws InvalidCipherTextException if the key, nonce, associated data or ciphertext differ
   */
  static byte[] decrypt(byte[] key, byte[] nonce, byte[] associatedData, byte[] ciphertext)
      throws InvalidCipherTextException {
    GCMModeCipher cipher = cipher(false, key, nonce, associatedData);
    byte[] out = new byte[cipher.getOutputSize(ciphertext.length)];
    int length = cipher.processBytes(ciphertext, 0, ciphertext.length, out, 0);
    cipher.doFinal(out, length);
    return out;
  }

  private static GCMModeCipher cipher(
      boolean encrypt, byte[] key, byte[] nonce, byte[] associatedData) {
    GCMModeCipher cipher = GCMBlockCipher.newInstance(AESEngine.newInstance());
    cipher.init(
        encrypt, new AEADParameters(new KeyParameter(key), TAG_BITS, nonce, associatedData));
    return cipher;
  }
}
