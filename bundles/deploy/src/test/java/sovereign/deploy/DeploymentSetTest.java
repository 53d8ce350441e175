package sovereign.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sovereign.api.deploy.DeploymentRefusedException;

class DeploymentSetTest {

  @TempDir Path dir;

  private Path set(Map<String, byte[]> entries) throws Exception {
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    manifest.getMainAttributes().putValue(JarVerifier.SET_HEADER, "release");
    Path file = dir.resolve("set.jar");
    try (OutputStream out = Files.newOutputStream(file);
        JarOutputStream jar = new JarOutputStream(out, manifest)) {
      for (var e : entries.entrySet()) {
        jar.putNextEntry(new JarEntry(e.getKey()));
        jar.write(e.getValue());
        jar.closeEntry();
      }
    }
    return file;
  }

  @Test
  void theBundlesOfASetAreExtractedAndRemovedOnClose() throws Exception {
    byte[] a = Files.readAllBytes(Jars.bundle(dir.resolve("a.jar"), "a", "1.0.0"));
    byte[] b = Files.readAllBytes(Jars.bundle(dir.resolve("b.jar"), "b", "1.0.0"));
    Path file = set(Map.of("bundles/a.jar", a, "bundles/b.jar", b, "README.txt", new byte[] {1}));

    Path folder;
    try (DeploymentSet set = DeploymentSet.open(file)) {
      assertThat(set.jars()).hasSize(2);
      assertThat(set.jars()).allSatisfy(p -> assertThat(Files.size(p)).isPositive());
      folder = set.jars().get(0).getParent();
    }
    assertThat(Files.exists(folder)).isFalse();
  }

  @Test
  void aSetWithoutBundlesIsRefused() throws Exception {
    Path file = set(Map.of("README.txt", new byte[] {1}));
    assertThatThrownBy(() -> DeploymentSet.open(file))
        .isInstanceOf(DeploymentRefusedException.class)
        .hasMessageContaining("holds no bundles/<name>.jar");
  }

  @Test
  void anEntryOutsideTheFlatBundlesFolderIsRefusedByName() throws Exception {
    Path file = set(Map.of("bundles/../../evil.jar", new byte[] {1}));
    assertThatThrownBy(() -> DeploymentSet.open(file))
        .isInstanceOf(DeploymentRefusedException.class)
        .hasMessageContaining("'bundles/../../evil.jar'");
  }

  @Test
  void anEmptyInnerJarIsRefused() throws Exception {
    Path file = set(Map.of("bundles/a.jar", new byte[0]));
    assertThatThrownBy(() -> DeploymentSet.open(file)).hasMessageContaining("is empty");
  }

  @Test
  void aFileThatIsNotAJarIsAnError() throws Exception {
    Path file = Files.writeString(dir.resolve("set.jar"), "not a zip");
    assertThatThrownBy(() -> DeploymentSet.open(file)).isInstanceOf(java.io.IOException.class);
  }
}
