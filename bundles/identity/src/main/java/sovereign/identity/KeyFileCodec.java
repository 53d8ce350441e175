package sovereign.identity;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import sovereign.api.identity.NodeId;
import sovereign.identity.KeyCipher.ScryptParams;

/**
 * The JSON format of {@code data/identity.key} (docs/identity.md). Binary values are standard
 * base64 with padding.
 *
 * <pre>
 * {"format": "sovereign-identity-key", "version": 1, "nodeId": "12D3KooW…", "created": ISO-8601,
 *  "signingPublicKey": Ed25519 (32 bytes), "encryptionPublicKey": X25519 (32 bytes),
 *  "encryption": "none",
 *  "privateKeys": {"ed25519": seed (32 bytes), "x25519": private key (32 bytes)}}
 *
 * or, encrypted:
 *  "encryption": "scrypt+aes-256-gcm",
 *  "scrypt": {"logN": 15, "r": 8, "p": 1, "salt": 16 bytes}, "nonce": 12 bytes,
 *  "ciphertext": AES-256-GCM(ed25519 seed || x25519 private key) || tag (80 bytes)
 * </pre>
 */
final class KeyFileCodec {

  static final String FORMAT = "sovereign-identity-key";
  static final int VERSION = 1;
  static final String NONE = "none";
  static final String SCRYPT_AES_GCM = "scrypt+aes-256-gcm";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Base64.Encoder BASE64 = Base64.getEncoder();

  private KeyFileCodec() {}

  /**
   * Encodes both key pairs; with a passphrase the private keys are sealed.
   *
   * @param passphrase null to store the private keys in clear
   */
  static byte[] encode(
      KeyMaterial keys,
      String created,
      char[] passphrase,
      ScryptParams params,
      SecureRandom random) {
    ObjectNode root = JSON.createObjectNode();
    root.put("format", FORMAT);
    root.put("version", VERSION);
    root.put("nodeId", keys.nodeId().toString());
    root.put("created", created);
    root.put("signingPublicKey", BASE64.encodeToString(keys.signingPublicKey()));
    root.put("encryptionPublicKey", BASE64.encodeToString(keys.encryptionPublicKey()));
    byte[] seed = keys.signingPrivateKey();
    byte[] scalar = keys.encryptionPrivateKey();
    try {
      if (passphrase == null) {
        root.put("encryption", NONE);
        ObjectNode clear = root.putObject("privateKeys");
        clear.put("ed25519", BASE64.encodeToString(seed));
        clear.put("x25519", BASE64.encodeToString(scalar));
      } else {
        seal(root, keys, created, seed, scalar, passphrase, params, random);
      }
      byte[] json = JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root);
      byte[] out = Arrays.copyOf(json, json.length + 1);
      out[json.length] = '\n';
      Arrays.fill(json, (byte) 0);
      return out;
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write key file JSON", e);
    } finally {
      Arrays.fill(seed, (byte) 0);
      Arrays.fill(scalar, (byte) 0);
    }
  }

  private static void seal(
      ObjectNode root,
      KeyMaterial keys,
      String created,
      byte[] seed,
      byte[] scalar,
      char[] passphrase,
      ScryptParams params,
      SecureRandom random) {
    byte[] salt = new byte[KeyCipher.SALT_BYTES];
    byte[] nonce = new byte[KeyCipher.NONCE_BYTES];
    random.nextBytes(salt);
    random.nextBytes(nonce);
    byte[] clear = new byte[2 * KeyMaterial.KEY_BYTES];
    System.arraycopy(seed, 0, clear, 0, KeyMaterial.KEY_BYTES);
    System.arraycopy(scalar, 0, clear, KeyMaterial.KEY_BYTES, KeyMaterial.KEY_BYTES);
    byte[] key = KeyCipher.deriveKey(passphrase, salt, params);
    try {
      byte[] aad =
          associatedData(keys.nodeId(), created, keys.encryptionPublicKey(), params, salt, nonce);
      root.put("encryption", SCRYPT_AES_GCM);
      ObjectNode scrypt = root.putObject("scrypt");
      scrypt.put("logN", params.logN());
      scrypt.put("r", params.r());
      scrypt.put("p", params.p());
      scrypt.put("salt", BASE64.encodeToString(salt));
      root.put("nonce", BASE64.encodeToString(nonce));
      root.put("ciphertext", BASE64.encodeToString(KeyCipher.encrypt(key, nonce, aad, clear)));
    } finally {
      Arrays.fill(clear, (byte) 0);
      Arrays.fill(key, (byte) 0);
    }
  }

  /**
   * The header authenticated by AES-GCM: every non-secret field, one {@code name=value} line each,
   * binary values in base64, UTF-8.
   */
  static byte[] associatedData(
      NodeId nodeId,
      String created,
      byte[] encryptionPublicKey,
      ScryptParams params,
      byte[] salt,
      byte[] nonce) {
    String header =
        FORMAT
            + "/"
            + VERSION
            + "\nnodeId="
            + nodeId
            + "\ncreated="
            + created
            + "\nsigningPublicKey="
            + BASE64.encodeToString(nodeId.publicKey())
            + "\nencryptionPublicKey="
            + BASE64.encodeToString(encryptionPublicKey)
            + "\nencryption="
            + SCRYPT_AES_GCM
            + "\nscrypt=logN:"
            + params.logN()
            + ",r:"
            + params.r()
            + ",p:"
            + params.p()
            + ",salt:"
            + BASE64.encodeToString(salt)
            + "\nnonce="
            + BASE64.encodeToString(nonce)
            + "\n";
    return header.getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Reads and decodes a key file.
   *
   * @throws IdentityException naming the file if it is missing, unreadable or corrupt
   */
  static KeyFile read(Path path) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(path);
    } catch (NoSuchFileException e) {
      throw new IdentityException("key file " + path + " is missing");
    } catch (IOException e) {
      throw new IdentityException(
          "cannot read key file " + path + ": " + IdentityException.describe(e));
    }
    try {
      return decode(path, bytes);
    } finally {
      Arrays.fill(bytes, (byte) 0);
    }
  }

  /**
   * Decodes a key file's bytes.
   *
   * @throws IdentityException "key file PATH is corrupt: WHAT" for anything but a valid file
   */
  static KeyFile decode(Path path, byte[] bytes) {
    JsonFields fields = JsonFields.parse(bytes, "key file " + path);
    fields.requireFormat(FORMAT, VERSION);
    String nodeIdText = fields.text("nodeId");
    String created = fields.text("created");
    byte[] signingPublicKey = fields.base64("signingPublicKey", KeyMaterial.KEY_BYTES);
    byte[] encryptionPublicKey = fields.base64("encryptionPublicKey", KeyMaterial.KEY_BYTES);
    NodeId nodeId = NodeId.fromPublicKey(signingPublicKey);
    if (!nodeId.toString().equals(nodeIdText)) {
      throw fields.corrupt(
          "nodeId '" + nodeIdText + "' is not the NodeID of signingPublicKey (" + nodeId + ")");
    }
    String encryption = fields.text("encryption");
    if (NONE.equals(encryption)) {
      JsonFields clear = fields.object("privateKeys");
      byte[] privateKeys = new byte[2 * KeyMaterial.KEY_BYTES];
      System.arraycopy(
          clear.base64("ed25519", KeyMaterial.KEY_BYTES), 0, privateKeys, 0, KeyMaterial.KEY_BYTES);
      System.arraycopy(
          clear.base64("x25519", KeyMaterial.KEY_BYTES),
          0,
          privateKeys,
          KeyMaterial.KEY_BYTES,
          KeyMaterial.KEY_BYTES);
      return new KeyFile(path, nodeId, created, encryptionPublicKey, privateKeys, null);
    }
    if (!SCRYPT_AES_GCM.equals(encryption)) {
      throw fields.corrupt(
          "encryption '"
              + encryption
              + "' is not supported (expected '"
              + NONE
              + "' or '"
              + SCRYPT_AES_GCM
              + "')");
    }
    JsonFields scrypt = fields.object("scrypt");
    ScryptParams params =
        new ScryptParams(scrypt.integer("logN"), scrypt.integer("r"), scrypt.integer("p"));
    if (params.problem() != null) {
      throw fields.corrupt("its scrypt parameters are refused: " + params.problem());
    }
    byte[] salt = scrypt.base64("salt", KeyCipher.SALT_BYTES);
    byte[] nonce = fields.base64("nonce", KeyCipher.NONCE_BYTES);
    byte[] ciphertext =
        fields.base64("ciphertext", 2 * KeyMaterial.KEY_BYTES + KeyCipher.TAG_BITS / 8);
    byte[] aad = associatedData(nodeId, created, encryptionPublicKey, params, salt, nonce);
    return new KeyFile(
        path,
        nodeId,
        created,
        encryptionPublicKey,
        null,
        new KeyFile.Sealed(params, salt, nonce, ciphertext, aad));
  }
}
