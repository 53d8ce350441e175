package sovereign.skills.signed;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.Attributes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sovereign.skills.signed.Zips.Entry;

/** The jar rewriting the fixtures rely on: a version bump must change nothing but the manifest. */
class ZipsTest {

  @TempDir Path dir;

  @Test
  void withManifestChangesOnlyTheManifestAndPutsItFirst() throws Exception {
    Path jar =
        Zips.write(
            dir.resolve("a.jar"),
            List.of(
                new Entry("META-INF/", new byte[0]),
                new Entry("data/", new byte[0]),
                new Entry("data/stored.bin", new byte[] {1, 2, 3}, Zips.TIME, true),
                new Entry(
                    "META-INF/MANIFEST.MF",
                    Zips.manifest("Bundle-SymbolicName", "a.b", "Bundle-Version", "0.1.0")),
                new Entry("data/text.txt", "text".getBytes(StandardCharsets.UTF_8))));

    Path copy =
        Zips.withManifest(
            jar, dir.resolve("b.jar"), main -> main.putValue("Bundle-Version", "0.1.1"));

    List<Entry> before = Zips.read(jar);
    List<Entry> after = Zips.read(copy);
    assertEquals(
        List.of("META-INF/", "META-INF/MANIFEST.MF", "data/", "data/stored.bin", "data/text.txt"),
        after.stream().map(Entry::name).toList());
    for (Entry entry : after) {
      if (!entry.name().equals("META-INF/MANIFEST.MF")) {
        Entry old = before.stream().filter(e -> e.name().equals(entry.name())).findFirst().get();
        assertArrayEquals(old.data(), entry.data(), entry.name());
        assertEquals(old.stored(), entry.stored(), entry.name());
        assertEquals(old.time(), entry.time(), entry.name());
      }
    }
    Attributes main = Zips.mainAttributes(copy);
    assertEquals("0.1.1", main.getValue("Bundle-Version"));
    assertEquals("a.b", main.getValue("Bundle-SymbolicName"));
  }

  @Test
  void withFlippedByteChangesOneByteOfOneEntry() throws Exception {
    Path jar =
        Zips.write(
            dir.resolve("a.jar"),
            List.of(new Entry("x", new byte[] {10, 20}), new Entry("y", new byte[] {30})));

    List<Entry> after = Zips.read(Zips.withFlippedByte(jar, dir.resolve("b.jar"), "x"));

    assertArrayEquals(new byte[] {11, 20}, after.get(0).data());
    assertArrayEquals(new byte[] {30}, after.get(1).data());
  }
}
