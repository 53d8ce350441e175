package sovereign.identity;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import sovereign.identity.KeyCipher.ScryptParams;

class KeyFileCodecTest {

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final ScryptParams FAST = new ScryptParams(10, 8, 1);
  private static final Path PATH = Path.of("/nodes/x/data/identity.key");
  private static final String CREATED = "2026-01-01T00:00:00Z";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final KeyMaterial keys = KeyMaterial.generate(RANDOM);

  @Test
  void anUnencryptedKeyFileRoundTrips() {
    byte[] bytes = KeyFileCodec.encode(keys, CREATED, null, FAST, RANDOM);

    KeyFile file = KeyFileCodec.decode(PATH, bytes);

    assertThat(file.encrypted()).isFalse();
    assertThat(file.nodeId()).isEqualTo(keys.nodeId());
    assertThat(file.created()).isEqualTo(CREATED);
    KeyMaterial restored = file.unlock(null);
    assertThat(restored.signingPrivateKey()).isEqualTo(keys.signingPrivateKey());
    assertThat(restored.encryptionPrivateKey()).isEqualTo(keys.encryptionPrivateKey());
  }

  @Test
  void theFileHoldsEveryDocumentedField() throws Exception {
    var plain = JSON.readTree(KeyFileCodec.encode(keys, CREATED, null, FAST, RANDOM));
    var sealed =
        JSON.readTree(KeyFileCodec.encode(keys, CREATED, "pw".toCharArray(), FAST, RANDOM));

    assertThat(iterable(plain))
        .containsExactly(
            "format",
            "version",
            "nodeId",
            "created",
            "signingPublicKey",
            "encryptionPublicKey",
            "encryption",
            "privateKeys");
    assertThat(plain.get("format").asText()).isEqualTo("sovereign-identity-key");
    assertThat(plain.get("encryption").asText()).isEqualTo("none");
    assertThat(iterable(plain.get("privateKeys"))).containsExactly("ed25519", "x25519");
    assertThat(iterable(sealed))
        .containsExactly(
            "format",
            "version",
            "nodeId",
            "created",
            "signingPublicKey",
            "encryptionPublicKey",
            "encryption",
            "scrypt",
            "nonce",
            "ciphertext");
    assertThat(sealed.get("encryption").asText()).isEqualTo("scrypt+aes-256-gcm");
    assertThat(iterable(sealed.get("scrypt"))).containsExactly("logN", "r", "p", "salt");
    assertThat(Base64.getDecoder().decode(sealed.get("ciphertext").asText())).hasSize(80);
  }

  @Test
  void anEncryptedKeyFileRoundTripsWithTheDefaultScryptCost() {
    byte[] bytes =
        KeyFileCodec.encode(
            keys, CREATED, "correct horse".toCharArray(), ScryptParams.DEFAULT, RANDOM);

    KeyFile file = KeyFileCodec.decode(PATH, bytes);

    assertThat(file.encrypted()).isTrue();
    assertThat(file.scryptParams()).isEqualTo(new ScryptParams(15, 8, 1));
    assertThat(file.unlock("correct horse".toCharArray()).signingPrivateKey())
        .isEqualTo(keys.signingPrivateKey());
  }

  @Test
  void anEncryptedKeyFileDoesNotContainThePrivateKeys() {
    String text =
        new String(KeyFileCodec.encode(keys, CREATED, "pw".toCharArray(), FAST, RANDOM), UTF_8);

    assertThat(text)
        .doesNotContain(Base64.getEncoder().encodeToString(keys.signingPrivateKey()))
        .doesNotContain(Base64.getEncoder().encodeToString(keys.encryptionPrivateKey()))
        .doesNotContain("privateKeys");
  }

  @Test
  void aWrongPassphraseGivesAClearErrorNamingTheFile() {
    KeyFile file =
        KeyFileCodec.decode(
            PATH, KeyFileCodec.encode(keys, CREATED, "right".toCharArray(), FAST, RANDOM));

    assertThatThrownBy(() -> file.unlock("wrong".toCharArray()))
        .isInstanceOf(WrongPassphraseException.class)
        .hasMessageStartingWith("wrong passphrase for " + PATH);
  }

  @Test
  void anEncryptedFileWithoutPassphraseSaysOneIsNeeded() {
    KeyFile file =
        KeyFileCodec.decode(
            PATH, KeyFileCodec.encode(keys, CREATED, "right".toCharArray(), FAST, RANDOM));

    assertThatThrownBy(() -> file.unlock(null))
        .isInstanceOf(IdentityException.class)
        .hasMessage("key file " + PATH + " is encrypted and no passphrase was given");
  }

  @Test
  void aTamperedHeaderFailsAuthenticationEvenWithTheRightPassphrase() throws Exception {
    ObjectNode root =
        (ObjectNode)
            JSON.readTree(KeyFileCodec.encode(keys, CREATED, "right".toCharArray(), FAST, RANDOM));
    root.put("created", "2020-01-01T00:00:00Z");

    KeyFile file = KeyFileCodec.decode(PATH, JSON.writeValueAsBytes(root));

    assertThatThrownBy(() -> file.unlock("right".toCharArray()))
        .isInstanceOf(WrongPassphraseException.class)
        .hasMessageContaining("altered");
  }

  @Test
  void aTruncatedKeyFileIsReportedAsTruncatedNamingTheFile() {
    byte[] bytes = KeyFileCodec.encode(keys, CREATED, null, FAST, RANDOM);

    assertThatThrownBy(() -> KeyFileCodec.decode(PATH, Arrays.copyOf(bytes, bytes.length / 2)))
        .isInstanceOf(IdentityException.class)
        .hasMessage(
            "key file "
                + PATH
                + " is corrupt: it ends in the middle of its JSON (the file is truncated)");
  }

  @Test
  void anEmptyKeyFileIsReportedAsEmpty() {
    assertThatThrownBy(() -> KeyFileCodec.decode(PATH, new byte[0]))
        .hasMessage("key file " + PATH + " is corrupt: it is empty");
  }

  @Test
  void garbageIsReportedAsInvalidJsonWithItsPosition() {
    assertThatThrownBy(() -> KeyFileCodec.decode(PATH, "{\"format\": nope}".getBytes(UTF_8)))
        .hasMessageStartingWith("key file " + PATH + " is corrupt: it is not valid JSON (line 1");
  }

  @Test
  void aMissingFieldIsNamed() throws Exception {
    ObjectNode root =
        (ObjectNode) JSON.readTree(KeyFileCodec.encode(keys, CREATED, null, FAST, RANDOM));
    root.remove("encryptionPublicKey");

    assertThatThrownBy(() -> KeyFileCodec.decode(PATH, JSON.writeValueAsBytes(root)))
        .hasMessage("key file " + PATH + " is corrupt: field 'encryptionPublicKey' is missing");
  }

  @Test
  void aShortKeyIsNamedWithItsLength() throws Exception {
    ObjectNode root =
        (ObjectNode) JSON.readTree(KeyFileCodec.encode(keys, CREATED, null, FAST, RANDOM));
    ((ObjectNode) root.get("privateKeys"))
        .put("x25519", Base64.getEncoder().encodeToString(new byte[31]));

    assertThatThrownBy(() -> KeyFileCodec.decode(PATH, JSON.writeValueAsBytes(root)))
        .hasMessage(
            "key file "
                + PATH
                + " is corrupt: field 'privateKeys.x25519' holds 31 bytes, expected 32");
  }

  @Test
  void aPrivateKeyThatDoesNotBelongToThePublicKeyIsCaught() throws Exception {
    ObjectNode root =
        (ObjectNode) JSON.readTree(KeyFileCodec.encode(keys, CREATED, null, FAST, RANDOM));
    ((ObjectNode) root.get("privateKeys"))
        .put(
            "ed25519",
            Base64.getEncoder().encodeToString(KeyMaterial.generate(RANDOM).signingPrivateKey()));
    KeyFile file = KeyFileCodec.decode(PATH, JSON.writeValueAsBytes(root));

    assertThatThrownBy(() -> file.unlock(null))
        .hasMessage(
            "key file "
                + PATH
                + " is corrupt: its private Ed25519 key does not belong to signingPublicKey/nodeId");
  }

  @Test
  void aNodeIdThatIsNotTheKeysIsCaught() throws Exception {
    ObjectNode root =
        (ObjectNode) JSON.readTree(KeyFileCodec.encode(keys, CREATED, null, FAST, RANDOM));
    String other = KeyMaterial.generate(RANDOM).nodeId().toString();
    root.put("nodeId", other);

    assertThatThrownBy(() -> KeyFileCodec.decode(PATH, JSON.writeValueAsBytes(root)))
        .hasMessageStartingWith(
            "key file " + PATH + " is corrupt: nodeId '" + other + "' is not the NodeID of");
  }

  @Test
  void anUnknownVersionIsRefusedSayingWhichVersionIsRead() throws Exception {
    ObjectNode root =
        (ObjectNode) JSON.readTree(KeyFileCodec.encode(keys, CREATED, null, FAST, RANDOM));
    root.put("version", 2);

    assertThatThrownBy(() -> KeyFileCodec.decode(PATH, JSON.writeValueAsBytes(root)))
        .hasMessage(
            "key file " + PATH + " is corrupt: its version 2 is not supported (this node reads 1)");
  }

  @Test
  void anExcessiveScryptCostInTheFileIsRefusedBeforeAnyWork() throws Exception {
    ObjectNode root =
        (ObjectNode)
            JSON.readTree(KeyFileCodec.encode(keys, CREATED, "pw".toCharArray(), FAST, RANDOM));
    ((ObjectNode) root.get("scrypt")).put("logN", 30);

    assertThatThrownBy(() -> KeyFileCodec.decode(PATH, JSON.writeValueAsBytes(root)))
        .hasMessage(
            "key file "
                + PATH
                + " is corrupt: its scrypt parameters are refused: logN 30 is outside 10..22");
  }

  @Test
  void readingAMissingKeyFileNamesIt(@org.junit.jupiter.api.io.TempDir Path dir) {
    Path missing = dir.resolve("identity.key");

    assertThatThrownBy(() -> KeyFileCodec.read(missing))
        .hasMessage("key file " + missing + " is missing");
  }

  private static Iterable<String> iterable(com.fasterxml.jackson.databind.JsonNode node) {
    return node::fieldNames;
  }
}
