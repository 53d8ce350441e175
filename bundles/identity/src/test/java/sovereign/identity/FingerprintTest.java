package sovereign.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sovereign.api.identity.NodeId;

class FingerprintTest {

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final NodeId NODE = KeyMaterial.generate(RANDOM).nodeId();

  @TempDir Path dir;

  @Test
  void eachComponentIsHashedAsSha256OfSaltNameZeroValue() throws Exception {
    Fingerprint fingerprint = Fingerprint.of(Machines.ALPHA, RANDOM);
    MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
    sha256.update(fingerprint.salt());
    sha256.update("hostname".getBytes(StandardCharsets.UTF_8));
    sha256.update((byte) 0);
    sha256.update("alpha.example".getBytes(StandardCharsets.UTF_8));

    assertThat(fingerprint.hashes().get("hostname"))
        .isEqualTo(HexFormat.of().formatHex(sha256.digest()));
    assertThat(fingerprint.salt()).hasSize(32);
    assertThat(fingerprint.hashes()).containsOnlyKeys(Machines.ALPHA.keySet());
  }

  @Test
  void twoFingerprintsOfOneMachineHaveDifferentSaltsAndHashes() {
    Fingerprint first = Fingerprint.of(Machines.ALPHA, RANDOM);
    Fingerprint second = Fingerprint.of(Machines.ALPHA, RANDOM);

    assertThat(first.salt()).isNotEqualTo(second.salt());
    assertThat(first.hashes().get("cpu")).isNotEqualTo(second.hashes().get("cpu"));
    assertThat(second.changedComponents(Machines.ALPHA)).isEmpty();
  }

  @Test
  void aChangedComponentIsNamed() {
    Fingerprint fingerprint = Fingerprint.of(Machines.ALPHA, RANDOM);

    assertThat(
            fingerprint.changedComponents(
                Machines.with(Machines.ALPHA, "hostname", "clone.example", "memory", "32")))
        .containsExactly("hostname", "memory");
    assertThat(fingerprint.changedComponents(Machines.BETA))
        .containsExactly("cpu", "hostname", "machine-uuid", "memory");
  }

  @Test
  void aRecordedComponentThatIsNoLongerReportedCountsAsChanged() {
    Fingerprint fingerprint = Fingerprint.of(Machines.ALPHA, RANDOM);
    Map<String, String> withoutUuid = new TreeMap<>(Machines.ALPHA);
    withoutUuid.remove("machine-uuid");

    assertThat(fingerprint.changedComponents(withoutUuid)).containsExactly("machine-uuid");
  }

  @Test
  void aComponentReportedNowButNeverRecordedIsNotCompared() {
    Map<String, String> withoutUuid = new TreeMap<>(Machines.ALPHA);
    withoutUuid.remove("machine-uuid");
    Fingerprint fingerprint = Fingerprint.of(withoutUuid, RANDOM);

    assertThat(fingerprint.changedComponents(Machines.ALPHA)).isEmpty();
  }

  @Test
  void theMachineIdIsTheSameForEveryNodeOnTheMachineAndDiffersBetweenMachines() {
    Map<String, String> reordered = new TreeMap<>(java.util.Comparator.reverseOrder());
    reordered.putAll(Machines.ALPHA);

    assertThat(Fingerprint.machineId(Machines.ALPHA))
        .isEqualTo(Fingerprint.machineId(reordered))
        .isNotEqualTo(Fingerprint.machineId(Machines.BETA))
        .hasSize(64);
  }

  @Test
  void theMachineIdIsSha256OfTheDomainAndTheSortedComponents() throws Exception {
    String material =
        "sovereign/machine-id/v1"
            + "cpu=GenuineIntel|Intel(R) Xeon(R) Gold 6230|6|85|7|BFEBFBFF00050657\n"
            + "hostname=alpha.example\n"
            + "machine-uuid=4c4c4544-0042-3510-8052-b4c04f384d32\n"
            + "memory=64\n";
    String expected =
        HexFormat.of()
            .formatHex(
                MessageDigest.getInstance("SHA-256")
                    .digest(material.getBytes(StandardCharsets.UTF_8)));

    assertThat(Fingerprint.machineId(Machines.ALPHA)).isEqualTo(expected);
  }

  @Test
  void fingerprintJsonHoldsNoRawValueAndRoundTrips() throws Exception {
    Path file = dir.resolve("fingerprint.json");
    Fingerprint fingerprint = Fingerprint.of(Machines.ALPHA, RANDOM);

    FingerprintStore.write(file, NODE, fingerprint, "2026-01-01T00:00:00Z");

    String text = Files.readString(file);
    Machines.assertNoRawValues(text, Machines.ALPHA);
    assertThat(text).contains("\"salt\"", "\"components\"", "\"cpu\"", NODE.toString());
    Fingerprint read = FingerprintStore.read(file, NODE);
    assertThat(read.salt()).isEqualTo(fingerprint.salt());
    assertThat(read.hashes()).isEqualTo(fingerprint.hashes());
    assertThat(read.changedComponents(Machines.ALPHA)).isEmpty();
  }

  @Test
  void aFingerprintOfAnotherNodeIsRefused() throws Exception {
    Path file = dir.resolve("fingerprint.json");
    FingerprintStore.write(file, NODE, Fingerprint.of(Machines.ALPHA, RANDOM), "t");
    NodeId other = KeyMaterial.generate(RANDOM).nodeId();

    assertThatThrownBy(() -> FingerprintStore.read(file, other))
        .hasMessage(
            "fingerprint file "
                + file
                + " is corrupt: it belongs to node "
                + NODE
                + ", not "
                + other);
  }

  @Test
  void aCorruptFingerprintFileIsNamedWithWhatIsWrong() throws Exception {
    Path file = dir.resolve("fingerprint.json");
    FingerprintStore.write(file, NODE, Fingerprint.of(Machines.ALPHA, RANDOM), "t");
    Files.writeString(
        file,
        Files.readString(file).replaceFirst("\"cpu\" : \"[0-9a-f]+\"", "\"cpu\" : \"tampered\""));

    assertThatThrownBy(() -> FingerprintStore.read(file, NODE))
        .hasMessage(
            "fingerprint file "
                + file
                + " is corrupt: component 'cpu' is not a lower-case hex SHA-256");
  }
}
