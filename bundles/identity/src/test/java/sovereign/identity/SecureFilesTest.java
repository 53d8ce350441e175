package sovereign.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecureFilesTest {

  @TempDir Path dir;

  @Test
  void anAtomicWriteLeavesAnOwnerOnlyFileAndNoTemporaryFile() throws Exception {
    Path file = dir.resolve("identity.key");

    SecureFiles.writeAtomically(file, "secret".getBytes(StandardCharsets.UTF_8));

    assertThat(file).hasContent("secret");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    try (var entries = Files.list(dir)) {
      assertThat(entries).containsExactly(file);
    }
  }

  @Test
  void anAtomicWriteReplacesTheOldContent() throws Exception {
    Path file = dir.resolve("fingerprint.json");
    SecureFiles.writeAtomically(file, "old".getBytes(StandardCharsets.UTF_8));

    SecureFiles.writeAtomically(file, "new".getBytes(StandardCharsets.UTF_8));

    assertThat(file).hasContent("new");
  }

  @Test
  void aKeyFileReadableByOthersIsRefusedWithTheChmodThatFixesIt() throws Exception {
    Path file = Files.writeString(dir.resolve("identity.key"), "{}");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

    assertThatThrownBy(() -> SecureFiles.requireOwnerOnly(file))
        .isInstanceOf(IdentityException.class)
        .hasMessageContaining("key file " + file)
        .hasMessageContaining("mode 0644")
        .hasMessageContaining("readable or writable by group or others")
        .hasMessageEndingWith("chmod 600 " + file);
  }

  @Test
  void aKeyFileWritableByTheGroupIsRefused() throws Exception {
    Path file = Files.writeString(dir.resolve("identity.key"), "{}");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw--w----"));

    assertThatThrownBy(() -> SecureFiles.requireOwnerOnly(file))
        .hasMessageContaining("mode 0620")
        .hasMessageContaining("chmod 600");
  }

  @Test
  void aKeyFileWithMode0600IsAccepted() throws Exception {
    Path file = Files.writeString(dir.resolve("identity.key"), "{}");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));

    assertThatCode(() -> SecureFiles.requireOwnerOnly(file)).doesNotThrowAnyException();
  }

  @Test
  void aMissingKeyFileIsNamed() {
    Path file = dir.resolve("identity.key");

    assertThatThrownBy(() -> SecureFiles.requireOwnerOnly(file))
        .hasMessage("key file " + file + " is missing");
  }

  @Test
  void appendedLinesGoToAnOwnerOnlyFile() throws Exception {
    Path log = dir.resolve("rebind.log");

    SecureFiles.appendLine(log, "{\"a\":1}");
    SecureFiles.appendLine(log, "{\"a\":2}");

    assertThat(Files.readAllLines(log)).containsExactly("{\"a\":1}", "{\"a\":2}");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(log)))
        .isEqualTo("rw-------");
  }

  @Test
  void octalModesAreWrittenAsChmodTakesThem() {
    assertThat(SecureFiles.octal(PosixFilePermissions.fromString("rwxr-x--x"))).isEqualTo("0751");
    assertThat(SecureFiles.octal(PosixFilePermissions.fromString("rw-------"))).isEqualTo("0600");
  }
}
