package sovereign.skills.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.dylibso.chicory.wasm.WasmModule;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The sha256 skill is SHA-256: it matches MessageDigest. */
class Sha256SkillTest {

  @Test
  void theFipsVectors() {
    assertThat(sha256("abc"))
        .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    assertThat(sha256(""))
        .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    assertThat(sha256("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"))
        .isEqualTo("248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    assertThat(
            sha256(
                "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopq"
                    + "klmnopqrlmnopqrsmnopqrstnopqrstu"))
        .isEqualTo("cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1");
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 3, 55, 56, 57, 63, 64, 65, 119, 120, 128, 1000, 65535, 65536, 65537})
  void matchesMessageDigestAtEveryPaddingBoundary(int length) {
    byte[] input = new byte[length];
    new Random(length).nextBytes(input);
    assertThat(run(input)).isEqualTo(reference(input));
  }

  @Test
  void aRandomMebibyte() {
    byte[] input = new byte[1 << 20];
    new Random(20260101).nextBytes(input);
    assertThat(run(input)).isEqualTo(reference(input));
  }

  @Test
  void theLargestInputFitsTheDeclaredMemory() {
    // 16 MiB (max-input) under memory-pages=258; compiled, as the host runs it
    byte[] input = new byte[16 << 20];
    new Random(16).nextBytes(input);
    WasmModule module = Skills.module("sha256");
    InMemoryHost host = new InMemoryHost().input(input);
    Skills.instance(module, host, Skills.memoryPages("sha256"), true).export("run").apply();
    assertThat(host.outputText()).isEqualTo(reference(input));
  }

  @Test
  void theOutputIs64LowerCaseHexBytes() {
    assertThat(sha256("x")).hasSize(64).matches("[0-9a-f]{64}");
  }

  private static String sha256(String text) {
    byte[] input = text.getBytes(StandardCharsets.UTF_8);
    String hex = run(input);
    assertThat(hex).isEqualTo(reference(input));
    return hex;
  }

  private static String run(byte[] input) {
    return Skills.run("sha256", new InMemoryHost().input(input)).outputText();
  }

  private static String reference(byte[] input) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(input));
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }
}
