package sovereign.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sovereign.api.identity.NodeId;
import sovereign.identity.KeyCipher.ScryptParams;

class NodeSelectorTest {

  private static final SecureRandom RANDOM = new SecureRandom();

  @TempDir Path home;

  @Test
  void anEmptyHomeAsksForANewNode() throws Exception {
    assertThat(NodeSelector.select(home, Optional.empty(), Machines.ALPHA)).isEmpty();
  }

  @Test
  void aNewNodeGetsTheFullLayoutAKeyFileAndAFingerprint() throws Exception {
    NodeProvisioner.Created created = create(Machines.ALPHA);

    NodeHomeDirectory node = created.home();
    assertThat(node.root()).isEqualTo(home.resolve("nodes").resolve(node.nodeId().toString()));
    for (String folder : NodeHomeDirectory.LAYOUT) {
      assertThat(node.root().resolve(folder)).isDirectory();
    }
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(node.keyFile())))
        .isEqualTo("rw-------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(node.data())))
        .isEqualTo("rwx------");
    assertThat(KeyFileCodec.read(node.keyFile()).nodeId()).isEqualTo(created.keys().nodeId());
    assertThat(
            FingerprintStore.read(node.fingerprintFile(), node.nodeId())
                .changedComponents(Machines.ALPHA))
        .isEmpty();
    try (var entries = Files.list(home.resolve("nodes"))) {
      assertThat(entries).containsExactly(node.root()); // no staging folder left behind
    }
  }

  @Test
  void theNodeWhoseFingerprintMatchesIsChosenAmongSeveral() throws Exception {
    NodeId alpha = create(Machines.ALPHA).home().nodeId();
    NodeId beta = create(Machines.BETA).home().nodeId();

    assertThat(NodeSelector.select(home, Optional.empty(), Machines.ALPHA)).contains(alpha);
    assertThat(NodeSelector.select(home, Optional.empty(), Machines.BETA)).contains(beta);
  }

  @Test
  void theOnlyNodeIsChosenEvenIfItDoesNotMatchSoItsMismatchIsReported() throws Exception {
    NodeId alpha = create(Machines.ALPHA).home().nodeId();

    assertThat(NodeSelector.select(home, Optional.empty(), Machines.BETA)).contains(alpha);
  }

  @Test
  void severalNodesNoneMatchingHaltsListingThemAndPointsToNodeOption() throws Exception {
    NodeId alpha = create(Machines.ALPHA).home().nodeId();
    NodeId beta = create(Machines.BETA).home().nodeId();
    Map<String, String> gamma = Machines.with(Machines.ALPHA, "hostname", "gamma", "cpu", "x");

    assertThatThrownBy(() -> NodeSelector.select(home, Optional.empty(), gamma))
        .isInstanceOf(IdentityException.class)
        .hasMessageContaining("none of the 2 nodes under " + home.resolve("nodes"))
        .hasMessageContaining(alpha.toString())
        .hasMessageContaining(beta.toString())
        .hasMessageContaining("--node <NodeID>");
  }

  @Test
  void severalMatchingNodesNeedTheNodeOption() throws Exception {
    NodeId first = create(Machines.ALPHA).home().nodeId();
    NodeId second = create(Machines.ALPHA).home().nodeId();

    assertThatThrownBy(() -> NodeSelector.select(home, Optional.empty(), Machines.ALPHA))
        .hasMessageContaining("2 nodes under")
        .hasMessageContaining(first.toString())
        .hasMessageContaining(second.toString())
        .hasMessageContaining("--node <NodeID>");
  }

  @Test
  void theNodeOptionPicksANodeEvenIfAnotherMatches() throws Exception {
    create(Machines.ALPHA);
    NodeId beta = create(Machines.BETA).home().nodeId();

    assertThat(NodeSelector.select(home, Optional.of(beta.toString()), Machines.ALPHA))
        .contains(beta);
  }

  @Test
  void anUnknownNodeOptionIsQuotedAndTheExistingNodesAreListed() throws Exception {
    NodeId alpha = create(Machines.ALPHA).home().nodeId();
    String unknown = KeyMaterial.generate(RANDOM).nodeId().toString();

    assertThatThrownBy(() -> NodeSelector.select(home, Optional.of(unknown), Machines.ALPHA))
        .hasMessage(
            "--node '"
                + unknown
                + "' is not a node under "
                + home.resolve("nodes")
                + "; existing nodes: "
                + alpha);
  }

  @Test
  void aNodeOptionThatIsNotANodeIdSaysWhatANodeIdLooksLike() throws Exception {
    assertThatThrownBy(() -> NodeSelector.select(home, Optional.of("bogus"), Machines.ALPHA))
        .hasMessageStartingWith("--node 'bogus' is not a NodeID")
        .hasMessageContaining("12D3KooW")
        .hasMessageEndingWith("there are no nodes yet (omit --node to create one)");
  }

  @Test
  void foldersThatAreNotNodesAreIgnored() throws Exception {
    NodeId alpha = create(Machines.ALPHA).home().nodeId();
    Files.createDirectories(home.resolve("nodes/.new-12345"));
    Files.createDirectories(home.resolve("nodes/notes"));
    Files.writeString(home.resolve("nodes/README"), "x");

    assertThat(NodeSelector.existingNodes(home)).containsExactly(alpha);
  }

  private NodeProvisioner.Created create(Map<String, String> machine) throws Exception {
    return NodeProvisioner.create(
        home, machine, null, new ScryptParams(10, 8, 1), RANDOM, "2026-01-01T00:00:00Z");
  }
}
