package sovereign.itest;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * The signed fixtures the build makes with throwaway keys (skills/signed, {@code
 * fixtures.properties}): ids such as {@code skill.echo}, {@code core.ledger}, {@code bad.*}.
 */
final class Fixtures {

  private final Path root;
  private final Properties catalog = new Properties();

  Fixtures() throws IOException {
    root = Path.of(System.getProperty("sovereign.itest.signed"));
    try (InputStream in = Files.newInputStream(root.resolve("fixtures.properties"))) {
      catalog.load(in);
    }
  }

  Path path(String id) {
    String relative = catalog.getProperty(id + ".path");
    if (relative == null) {
      throw new AssertionError("no fixture " + id + " in " + root);
    }
    return root.resolve(relative);
  }

  String bsn(String id) {
    return catalog.getProperty(id + ".bsn");
  }

  String version(String id) {
    return catalog.getProperty(id + ".version");
  }

  /** The deployer's reason for refusing a bad fixture, e.g. UNTRUSTED. */
  String expect(String id) {
    return catalog.getProperty(id + ".expect");
  }

  Path key(String alias) {
    return root.resolve(catalog.getProperty("key." + alias + ".path"));
  }

  String keySha256(String alias) {
    return catalog.getProperty("key." + alias + ".sha256");
  }
}
