package sovereign.skills.signed;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * Jars as ordered lists of entries, read whole and written back: enough to change a manifest, flip
 * a byte or add an entry while every other entry keeps its name, bytes, time and compression
 * method. The jars here are small (the largest core bundle is a few hundred KiB), so memory is no
 * concern.
 */
final class Zips {

  /** Jan 1 2026, the time bnd gives every entry of a reproducible bundle (-reproducible: true). */
  static final long TIME = 1767225600000L;

  /**
   * One entry.
   *
   * @param stored written uncompressed (ZipEntry.STORED) rather than deflated
   */
  record Entry(String name, byte[] data, long time, boolean stored) {
    Entry(String name, byte[] data) {
      this(name, data, TIME, false);
    }

    boolean isDirectory() {
      return name.endsWith("/");
    }
  }

  private Zips() {}

  /** Every entry of a jar, in the order of its central directory. */
  static List<Entry> read(Path jar) throws IOException {
    List<Entry> entries = new ArrayList<>();
    try (ZipFile zip = new ZipFile(jar.toFile())) {
      for (ZipEntry entry : Collections.list(zip.entries())) {
        try (InputStream in = zip.getInputStream(entry)) {
          entries.add(
              new Entry(
                  entry.getName(),
                  in.readAllBytes(),
                  entry.getTime(),
                  entry.getMethod() == ZipEntry.STORED));
        }
      }
    }
    return entries;
  }

  /** Writes the entries, in order, to a new jar (replacing {@code jar}). */
  static Path write(Path jar, List<Entry> entries) throws IOException {
    Files.createDirectories(jar.toAbsolutePath().getParent());
    try (OutputStream file = Files.newOutputStream(jar);
        ZipOutputStream out = new ZipOutputStream(file)) {
      for (Entry entry : entries) {
        ZipEntry zip = new ZipEntry(entry.name());
        zip.setTime(entry.time());
        if (entry.stored()) {
          CRC32 crc = new CRC32();
          crc.update(entry.data());
          zip.setMethod(ZipEntry.STORED);
          zip.setSize(entry.data().length);
          zip.setCompressedSize(entry.data().length);
          zip.setCrc(crc.getValue());
        }
        out.putNextEntry(zip);
        out.write(entry.data());
        out.closeEntry();
      }
    }
    return jar;
  }

  /**
   * Copies a jar with its manifest's main attributes edited; every other entry is byte-identical.
   * The manifest comes first (after the {@code META-INF/} directory entry, if any), where {@link
   * java.util.jar.JarInputStream} and the OSGi framework look for it.
   */
  static Path withManifest(Path from, Path to, Consumer<Attributes> edit) throws IOException {
    List<Entry> entries = read(from);
    Entry old =
        entries.stream()
            .filter(entry -> entry.name().equals(JarFile.MANIFEST_NAME))
            .findFirst()
            .orElseThrow(() -> new IOException(from + " has no " + JarFile.MANIFEST_NAME));
    Manifest manifest = new Manifest(new ByteArrayInputStream(old.data()));
    edit.accept(manifest.getMainAttributes());
    Entry edited = new Entry(old.name(), bytes(manifest), old.time(), old.stored());
    List<Entry> result = new ArrayList<>();
    entries.stream().filter(entry -> entry.name().equals("META-INF/")).forEach(result::add);
    result.add(edited);
    entries.stream()
        .filter(entry -> !entry.name().equals("META-INF/") && entry != old)
        .forEach(result::add);
    return write(to, result);
  }

  /** Copies a jar with {@code added} appended as its last entries. */
  static Path withEntries(Path from, Path to, List<Entry> added) throws IOException {
    List<Entry> entries = new ArrayList<>(read(from));
    entries.addAll(added);
    return write(to, entries);
  }

  /** Copies a jar with the first byte of entry {@code name} changed (size and order unchanged). */
  static Path withFlippedByte(Path from, Path to, String name) throws IOException {
    List<Entry> entries = new ArrayList<>();
    boolean found = false;
    for (Entry entry : read(from)) {
      if (entry.name().equals(name) && entry.data().length > 0) {
        byte[] data = entry.data().clone();
        data[0] ^= 0x01;
        entry = new Entry(entry.name(), data, entry.time(), entry.stored());
        found = true;
      }
      entries.add(entry);
    }
    if (!found) {
      throw new IOException(from + " has no non-empty entry " + name + " to tamper with");
    }
    return write(to, entries);
  }

  /** A manifest's bytes; its main attributes, by name, in the order given. */
  static byte[] manifest(String... namesAndValues) {
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    for (int i = 0; i < namesAndValues.length; i += 2) {
      manifest.getMainAttributes().putValue(namesAndValues[i], namesAndValues[i + 1]);
    }
    return bytes(manifest);
  }

  /** The main attributes of a jar's manifest (empty if it has none). */
  static Attributes mainAttributes(Path jar) throws IOException {
    try (JarFile file = new JarFile(jar.toFile(), false)) {
      Manifest manifest = file.getManifest();
      return manifest == null ? new Attributes() : manifest.getMainAttributes();
    }
  }

  private static byte[] bytes(Manifest manifest) {
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      manifest.write(out);
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
