package sovereign.mesh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SwarmKeyTest {

  private static final String HEX =
      "dffb7e3135399a8b1612b2aaca1c36a3a8ac2cd0cca51ceeb2ced87d308cac6d";
  private static final String GOOD = "/key/swarm/psk/1.0.0/\n/base16/\n" + HEX + "\n";

  @Test
  void parsesTheStandardFormat() {
    SwarmKey key = SwarmKey.parse(GOOD);
    assertThat(key.bytes()).isEqualTo(HexFormat.of().parseHex(HEX));
  }

  @Test
  void acceptsWindowsLineEndingsNoFinalNewlineAndUppercaseHex() {
    SwarmKey expected = SwarmKey.parse(GOOD);
    assertThat(SwarmKey.parse(GOOD.replace("\n", "\r\n"))).isEqualTo(expected);
    assertThat(SwarmKey.parse(GOOD.substring(0, GOOD.length() - 1))).isEqualTo(expected);
    assertThat(SwarmKey.parse(GOOD.replace(HEX, HEX.toUpperCase()))).isEqualTo(expected);
  }

  @Test
  void rejectsAWrongHeaderQuotingIt() {
    assertThatThrownBy(() -> SwarmKey.parse(GOOD.replace("psk/1.0.0", "psk/2.0.0")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("line 1")
        .hasMessageContaining("'/key/swarm/psk/2.0.0/'");
    assertThatThrownBy(() -> SwarmKey.parse("\uFEFF" + GOOD))
        .hasMessageContaining("line 1")
        .hasMessageContaining("\\ufeff");
    assertThatThrownBy(() -> SwarmKey.parse("")).hasMessageContaining("line 1");
  }

  @Test
  void rejectsOtherEncodingsByName() {
    assertThatThrownBy(() -> SwarmKey.parse(GOOD.replace("/base16/", "/base64/")))
        .hasMessageContaining("line 2")
        .hasMessageContaining("'/base64/' is not supported");
    assertThatThrownBy(() -> SwarmKey.parse(GOOD.replace("/base16/", "/bin/")))
        .hasMessageContaining("'/bin/' is not supported");
    assertThatThrownBy(() -> SwarmKey.parse(GOOD.replace("/base16/", "/base16/ ")))
        .hasMessageContaining("line 2 must be '/base16/', was '/base16/ '");
  }

  @Test
  void rejectsAKeyOfTheWrongLengthWithoutQuotingIt() {
    assertThatThrownBy(() -> SwarmKey.parse(GOOD.replace(HEX, HEX.substring(2))))
        .hasMessageContaining("line 3")
        .hasMessageContaining("has 62 characters")
        .hasMessageNotContaining(HEX.substring(2));
    assertThatThrownBy(() -> SwarmKey.parse(GOOD.replace(HEX, HEX + "00")))
        .hasMessageContaining("has 66 characters");
    assertThatThrownBy(() -> SwarmKey.parse("/key/swarm/psk/1.0.0/\n/base16/\n"))
        .hasMessageContaining("line 3 is missing");
  }

  @Test
  void rejectsNonHexDigitsNamingTheColumn() {
    String bad = "g" + HEX.substring(1);
    assertThatThrownBy(() -> SwarmKey.parse(GOOD.replace(HEX, bad)))
        .hasMessageContaining("line 3")
        .hasMessageContaining("column 1")
        .hasMessageNotContaining(HEX.substring(1));
    // Unicode digits that Character.digit would accept are not hex here.
    String arabic = HEX.substring(0, 10) + "\u0663" + HEX.substring(11);
    assertThatThrownBy(() -> SwarmKey.parse(GOOD.replace(HEX, arabic)))
        .hasMessageContaining("column 11");
  }

  @Test
  void rejectsTrailingLines() {
    assertThatThrownBy(() -> SwarmKey.parse(GOOD + "extra\n"))
        .hasMessageContaining("4 lines")
        .hasMessageContaining("'extra'");
    assertThatThrownBy(() -> SwarmKey.parse(GOOD + "\n")).hasMessageContaining("4 lines");
  }

  @Test
  void encodeParseRoundTrip() {
    for (int i = 0; i < 20; i++) {
      SwarmKey key = SwarmKey.generate();
      assertThat(SwarmKey.parse(key.encode())).isEqualTo(key);
      assertThat(key.encode()).startsWith(GOOD.substring(0, 31)).endsWith("\n").hasSize(96);
    }
  }

  @Test
  void generatedKeysDiffer() {
    assertThat(SwarmKey.generate()).isNotEqualTo(SwarmKey.generate());
  }

  @Test
  void writeNewCreatesAnOwnerOnlyFileAndNeverOverwrites(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("swarm.key");
    SwarmKey key = SwarmKey.generate();
    key.writeNew(file);
    assertThat(SwarmKey.read(file)).isEqualTo(key);
    assertThat(Files.readString(file)).isEqualTo(key.encode());
    if (Files.getFileStore(dir).supportsFileAttributeView("posix")) {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
          .isEqualTo("rw-------");
    }
    assertThatThrownBy(() -> SwarmKey.generate().writeNew(file))
        .isInstanceOf(FileAlreadyExistsException.class);
    assertThat(SwarmKey.read(file)).isEqualTo(key);
  }

  @Test
  void readNamesTheFileAndRefusesLargeOnes(@TempDir Path dir) throws Exception {
    Path bad = dir.resolve("bad.key");
    Files.writeString(bad, GOOD.replace("/base16/", "/base64/"));
    assertThatThrownBy(() -> SwarmKey.read(bad))
        .hasMessageStartingWith(bad.toString())
        .hasMessageContaining("/base64/");
    Path big = dir.resolve("big.key");
    Files.write(big, new byte[SwarmKey.MAX_FILE_BYTES + 1]);
    assertThatThrownBy(() -> SwarmKey.read(big)).hasMessageContaining("not a swarm key");
  }

  @Test
  void fingerprintNamesTheKeyWithoutRevealingIt() {
    SwarmKey key = SwarmKey.parse(GOOD);
    assertThat(key.fingerprint()).hasSize(16).matches("[0-9a-f]{16}");
    assertThat(key.fingerprint()).isEqualTo(SwarmKey.parse(GOOD).fingerprint());
    assertThat(SwarmKey.generate().fingerprint()).isNotEqualTo(key.fingerprint());
    for (int i = 0; i + 8 <= HEX.length(); i++) {
      assertThat(key.fingerprint()).doesNotContain(HEX.substring(i, i + 8));
    }
    assertThat(key.toString()).isEqualTo("SwarmKey[" + key.fingerprint() + "]");
    assertThat(key.toString()).doesNotContain(HEX.substring(0, 8));
  }

  @Test
  void ofChecksTheLengthAndCopies() {
    byte[] raw = HexFormat.of().parseHex(HEX);
    SwarmKey key = SwarmKey.of(raw);
    raw[0] ^= 1;
    assertThat(key).isEqualTo(SwarmKey.parse(GOOD));
    key.bytes()[1] ^= 1;
    assertThat(key).isEqualTo(SwarmKey.parse(GOOD));
    assertThatThrownBy(() -> SwarmKey.of(new byte[16])).hasMessageContaining("not 16");
    assertThat(SwarmKey.parse(GOOD.getBytes(StandardCharsets.US_ASCII))).isEqualTo(key);
  }
}
