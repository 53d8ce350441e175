package sovereign.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sovereign.api.policy.PolicyRefusedException;

class SandboxPathTest {

  @TempDir Path dir;

  private PolicyNode node;
  private Path sandbox;
  private Path outside;

  @BeforeEach
  void start() throws Exception {
    node = new PolicyNode(dir.resolve("node")).allLow().start();
    node.grant("skill", "fs.read:**", "fs.write:out/**");
    sandbox = node.policy.sandbox("skill");
    outside = Files.createDirectories(dir.resolve("outside"));
    Files.writeString(outside.resolve("secret.txt"), "secret");
  }

  @AfterEach
  void close() throws Exception {
    node.close();
  }

  private String refusal(String path, boolean write) {
    try {
      node.policy.resolveInSandbox("skill", path, write);
    } catch (PolicyRefusedException e) {
      return e.decision().reason();
    }
    throw new AssertionError(path + " was not refused");
  }

  @Test
  void aPlainPathResolvesInsideTheSandbox() throws Exception {
    Files.createDirectories(sandbox.resolve("in"));

    assertThat(node.policy.resolveInSandbox("skill", "in/a.txt", false))
        .isEqualTo(sandbox.toRealPath().resolve("in/a.txt"));
    assertThat(node.policy.resolveInSandbox("skill", "out/new/b.txt", true))
        .isEqualTo(sandbox.toRealPath().resolve("out/new/b.txt"));
    assertThat(refusal("in/a.txt", true)).startsWith("not granted");
  }

  @Test
  void dotDotAndAbsolutePathsAreRefused() {
    assertThat(refusal("../outside/secret.txt", false)).contains(". or .. segment");
    assertThat(refusal("in/../../x", false)).contains(". or .. segment");
    assertThat(refusal("./x", false)).contains(". or .. segment");
    assertThat(refusal(outside.resolve("secret.txt").toString(), false)).contains("is absolute");
    assertThat(refusal("a//b", false)).contains("empty segment");
  }

  @Test
  void oddEncodingsAreRefused() {
    assertThat(refusal("a\u0000b", false)).contains("NUL or control");
    assertThat(refusal("..\\outside\\secret.txt", false)).contains("backslash");
    assertThat(refusal("%2e%2e/outside/secret.txt", false)).contains("% escape");
    assertThat(refusal("\uff0e\uff0e/outside", false)).contains("look-alike");
    assertThat(refusal("\uff0e\uff0e\uff0foutside", false)).contains("look-alike");
    assertThat(refusal("..\u2215outside", false)).contains("looks like a slash");
    assertThat(refusal("a\u200b.txt", false)).contains("invisible");
    assertThat(refusal("a\u202etxt.exe", false)).contains("direction control");
  }

  @Test
  void unicodeIsNormalisedToNfcBeforeItIsDecided() throws Exception {
    node.grant("skill", "!fs.read:caf\u00e9/**");

    assertThat(refusal("cafe\u0301/menu.txt", false)).startsWith("explicitly denied");
    assertThat(node.policy.resolveInSandbox("skill", "cafe/menu.txt", false)).isNotNull();
  }

  @Test
  void aSymlinkOutOfTheSandboxIsRefused() throws Exception {
    Files.createSymbolicLink(sandbox.resolve("escape"), outside);
    Files.createSymbolicLink(sandbox.resolve("file"), outside.resolve("secret.txt"));
    Files.createDirectories(sandbox.resolve("out"));
    Files.createSymbolicLink(sandbox.resolve("out/up"), dir);

    assertThat(refusal("escape/secret.txt", false)).contains("through the symbolic link escape");
    assertThat(refusal("file", false)).contains("through the symbolic link file");
    assertThat(refusal("out/up/outside/new.txt", true)).contains("through the symbolic link up");
  }

  @Test
  void aDanglingSymlinkIsRefusedSoWritingCannotCreateItsTarget() throws Exception {
    Files.createDirectories(sandbox.resolve("out"));
    Files.createSymbolicLink(sandbox.resolve("out/plant"), outside.resolve("planted.txt"));

    assertThat(refusal("out/plant", true)).contains("leads nowhere");
    assertThat(Files.exists(outside.resolve("planted.txt"))).isFalse();
  }

  @Test
  void aSymlinkInsideTheSandboxIsFollowed() throws Exception {
    Files.createDirectories(sandbox.resolve("data"));
    Files.createSymbolicLink(sandbox.resolve("alias"), sandbox.resolve("data"));

    assertThat(node.policy.resolveInSandbox("skill", "alias/x.txt", false))
        .isEqualTo(sandbox.toRealPath().resolve("data/x.txt"));
  }

  @Test
  void aSubjectNameCannotNameAFolderOutsideTheSandbox() {
    assertThatThrownBy(() -> node.policy.sandbox("../x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'../x' is not a subject name");
  }
}
