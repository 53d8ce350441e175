package sovereign.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.osgi.framework.Bundle;

/**
 * The original jar of a bundle that came with the node, read again from where the launcher
 * installed it: a rollback to the builtin version needs its bytes. The exported node jar installs
 * each bundle from an entry of itself ({@code jar/<name>.jar}, found on the class path); the test
 * launcher installs from a file path or URL.
 */
final class BuiltinJars {

  private BuiltinJars() {}

  static InputStream open(Bundle bundle) throws IOException {
    String location = bundle.getLocation();
    String path = location.startsWith("reference:") ? location.substring(10) : location;
    if (path.startsWith("file:")) {
      try {
        return Files.newInputStream(Path.of(new URI(path)));
      } catch (URISyntaxException | IllegalArgumentException e) {
        throw new IOException("bundle location '" + location + "' is not a file URL", e);
      }
    }
    Path file = Path.of(path);
    if (file.isAbsolute() && Files.isRegularFile(file)) {
      return Files.newInputStream(file);
    }
    InputStream resource = ClassLoader.getSystemClassLoader().getResourceAsStream(path);
    if (resource == null) {
      throw new IOException(
          "the original jar of "
              + bundle.getSymbolicName()
              + " (location '"
              + location
              + "') cannot be found: neither a file nor an entry of the node jar");
    }
    return resource;
  }
}
