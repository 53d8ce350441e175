package sovereign.identity;

import java.nio.file.Path;
import java.util.Arrays;
import org.bouncycastle.crypto.InvalidCipherTextException;
import sovereign.api.identity.NodeId;
import sovereign.identity.KeyCipher.ScryptParams;

/**
 * A decoded {@code data/identity.key}: the public header, readable without a passphrase, and the
 * private keys, in clear or sealed with {@link KeyCipher}. See {@link KeyFileCodec} for the format.
 */
final class KeyFile {

  /**
   * The encrypted private keys and what is needed to open them.
   *
   * @param params scrypt cost
   * @param salt scrypt salt (16 bytes)
   * @param nonce AES-GCM nonce (12 bytes)
   * @param ciphertext AES-256-GCM of ed25519 seed || x25519 private key, with its 16-byte tag
   * @param associatedData the header bytes authenticated by GCM
   */
  record Sealed(
      ScryptParams params, byte[] salt, byte[] nonce, byte[] ciphertext, byte[] associatedData) {}

  private final Path path;
  private final NodeId nodeId;
  private final String created;
  private final byte[] encryptionPublicKey;
  private final byte[] privateKeys;
  private final Sealed sealed;

  /** Exactly one of {@code privateKeys} (64 bytes) and {@code sealed} is non-null. */
  KeyFile(
      Path path,
      NodeId nodeId,
      String created,
      byte[] encryptionPublicKey,
      byte[] privateKeys,
      Sealed sealed) {
    this.path = path;
    this.nodeId = nodeId;
    this.created = created;
    this.encryptionPublicKey = encryptionPublicKey.clone();
    this.privateKeys = privateKeys == null ? null : privateKeys.clone();
    this.sealed = sealed;
  }

  Path path() {
    return path;
  }

  NodeId nodeId() {
    return nodeId;
  }

  String created() {
    return created;
  }

  byte[] encryptionPublicKey() {
    return encryptionPublicKey.clone();
  }

  boolean encrypted() {
    return sealed != null;
  }

  /** The scrypt cost the keys are sealed with; only for an encrypted file. */
  ScryptParams scryptParams() {
    if (sealed == null) {
      throw new IllegalStateException("key file " + path + " is not encrypted");
    }
    return sealed.params();
  }

  /**
   * The key pairs, checked against the public keys in the header.
   *
   * @param passphrase needed if the file is encrypted, ignored otherwise
   * @throws WrongPassphraseException if the passphrase does not open the keys
   * @throws IdentityException if a passphrase is needed and missing, or the keys do not match
   */
  KeyMaterial unlock(char[] passphrase) {
    byte[] clear;
    if (sealed == null) {
      clear = privateKeys.clone();
    } else if (passphrase == null) {
      throw new IdentityException("key file " + path + " is encrypted and no passphrase was given");
    } else {
      clear = open(passphrase);
    }
    try {
      KeyMaterial keys =
          KeyMaterial.fromPrivateKeys(
              Arrays.copyOfRange(clear, 0, KeyMaterial.KEY_BYTES),
              Arrays.copyOfRange(clear, KeyMaterial.KEY_BYTES, 2 * KeyMaterial.KEY_BYTES));
      if (!keys.nodeId().equals(nodeId)) {
        throw corrupt("its private Ed25519 key does not belong to signingPublicKey/nodeId");
      }
      if (!Arrays.equals(keys.encryptionPublicKey(), encryptionPublicKey)) {
        throw corrupt("its private X25519 key does not belong to encryptionPublicKey");
      }
      return keys;
    } finally {
      Arrays.fill(clear, (byte) 0);
    }
  }

  private byte[] open(char[] passphrase) {
    byte[] key = KeyCipher.deriveKey(passphrase, sealed.salt(), sealed.params());
    try {
      byte[] clear =
          KeyCipher.decrypt(key, sealed.nonce(), sealed.associatedData(), sealed.ciphertext());
      if (clear.length != 2 * KeyMaterial.KEY_BYTES) {
        Arrays.fill(clear, (byte) 0);
        throw corrupt("its ciphertext holds " + clear.length + " bytes instead of 64");
      }
      return clear;
    } catch (InvalidCipherTextException e) {
      throw new WrongPassphraseException(
          "wrong passphrase for "
              + path
              + " (or its header or ciphertext was altered: AES-GCM authentication failed)");
    } finally {
      Arrays.fill(key, (byte) 0);
    }
  }

  private IdentityException corrupt(String what) {
    return new IdentityException("key file " + path + " is corrupt: " + what);
  }
}
