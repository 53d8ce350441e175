package sovereign.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/** Small test jars, and the ways an attacker changes them after signing. */
final class Jars {

  private Jars() {}

  /** A bundle with two classes' worth of entries; a null name or version leaves the header out. */
  static Path bundle(Path file, String symbolicName, String version) throws IOException {
    Manifest manifest = new Manifest();
    Attributes main = manifest.getMainAttributes();
    main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
    main.putValue("Bundle-ManifestVersion", "2");
    if (symbolicName != null) {
      main.putValue("Bundle-SymbolicName", symbolicName + ";singleton:=true");
    }
    if (version != null) {
      main.putValue("Bundle-Version", version);
    }
    Map<String, byte[]> entries = new LinkedHashMap<>();
    entries.put("com/example/", null);
    entries.put("com/example/Skill.class", bytes("pretend class file one"));
    entries.put("com/example/Helper.class", bytes("pretend class file two"));
    entries.put("OSGI-INF/skill.xml", bytes("<component/>"));
    try (OutputStream out = Files.newOutputStream(file);
        JarOutputStream jar = new JarOutputStream(out, manifest)) {
      for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
        jar.putNextEntry(new JarEntry(entry.getKey()));
        if (entry.getValue() != null) {
          jar.write(entry.getValue());
        }
        jar.closeEntry();
      }
    }
    return file;
  }

  /** A copy of {@code in} with the bytes of entry {@code name} replaced. */
  static Path rewrite(Path in, Path out, String name, byte[] content) throws IOException {
    return copy(in, out, name, content, false);
  }

  /** A copy of {@code in} with one more entry at its end. */
  static Path append(Path in, Path out, String name, byte[] content) throws IOException {
    return copy(in, out, name, content, true);
  }

  static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static Path copy(Path in, Path out, String name, byte[] content, boolean append)
      throws IOException {
    boolean replaced = false;
    try (InputStream source = Files.newInputStream(in);
        ZipInputStream zin = new ZipInputStream(source);
        OutputStream target = Files.newOutputStream(out);
        ZipOutputStream zout = new ZipOutputStream(target)) {
      for (ZipEntry entry = zin.getNextEntry(); entry != null; entry = zin.getNextEntry()) {
        zout.putNextEntry(new ZipEntry(entry.getName()));
        if (!append && entry.getName().equals(name)) {
          zout.write(content);
          replaced = true;
        } else {
          zin.transferTo(zout);
        }
        zout.closeEntry();
      }
      if (append) {
        zout.putNextEntry(new ZipEntry(name));
        zout.write(content);
        zout.closeEntry();
      }
    }
    if (!append && !replaced) {
      throw new AssertionError(in + " has no entry " + name);
    }
    return out;
  }
}
