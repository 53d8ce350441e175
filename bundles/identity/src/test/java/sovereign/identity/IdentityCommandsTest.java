package sovereign.identity;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.apache.felix.service.command.CommandSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.BundleContext;
import org.osgi.service.log.Logger;
import sovereign.api.identity.NodeHome;
import sovereign.api.identity.NodeIdentity;
import sovereign.api.node.NodeControl;

class IdentityCommandsTest {

  private static final Map<String, String> MOVED =
      Machines.with(Machines.ALPHA, "hostname", "new-name.example", "machine-uuid", "aaaa-bbbb");

  @TempDir Path home;

  private final ByteArrayOutputStream consoleOutput = new ByteArrayOutputStream();

  @Test
  void showPrintsTheIdentityOfARunningNode() {
    IdentityCommands commands = commands(Machines.ALPHA, new TestLaunchOptions(home));
    NodeIdentity identity = commands.boot.outcome().identity().orElseThrow();

    String shown = commands.show(false);

    assertThat(shown)
        .contains("NodeID          " + identity.nodeId())
        .contains("Home            " + home.resolve("nodes").resolve(identity.nodeId().toString()))
        .contains(
            "Signing key     ed25519 " + HexFormat.of().formatHex(identity.signingPublicKey()))
        .contains(
            "Encryption key  x25519 " + HexFormat.of().formatHex(identity.encryptionPublicKey()))
        .contains("Machine ID      " + Fingerprint.machineId(Machines.ALPHA))
        .contains("Key encryption  off")
        .contains("Fingerprint     matches this machine")
        .contains("Boot            identity is up")
        .doesNotContain("Components:");
  }

  @Test
  void showOnAHaltedNodeGivesTheHaltReasonAndTheEncryption() {
    commands(Machines.ALPHA, new TestLaunchOptions(home).passphrase("pw"));
    IdentityCommands commands = commands(MOVED, new TestLaunchOptions(home).passphrase("pw"));

    String shown = commands.show(false);

    assertThat(shown)
        .contains("Key encryption  on (scrypt N=2^10 r=8 p=1, AES-256-GCM)")
        .contains("Fingerprint     does not match this machine: hostname, machine-uuid changed")
        .contains("Boot            HALTED: hardware fingerprint does not match node");
  }

  @Test
  void showComponentsListsNamesAndStatusButNeverValues() {
    commands(Machines.ALPHA, new TestLaunchOptions(home));
    IdentityCommands commands = commands(MOVED, new TestLaunchOptions(home));

    String shown = commands.show(true);

    assertThat(shown)
        .contains("Components:")
        .containsPattern("cpu +matches")
        .containsPattern("hostname +changed")
        .containsPattern("machine-uuid +changed")
        .containsPattern("memory +matches");
    Machines.assertNoRawValues(shown, MOVED);
    Machines.assertNoRawValues(shown, Machines.ALPHA);
  }

  @Test
  void aSignatureFromSignVerifiesAndFailsForOtherText() {
    IdentityCommands commands = commands(Machines.ALPHA, new TestLaunchOptions(home));
    String nodeId = commands.boot.outcome().identity().orElseThrow().nodeId().toString();

    String signature = commands.sign("hello swarm");

    assertThat(signature).hasSize(88);
    assertThat(commands.verify(nodeId, "hello swarm", signature)).isTrue();
    assertThat(commands.verify(nodeId, "hello swarm!", signature)).isFalse();
  }

  @Test
  void verifyQuotesASignatureThatIsNotBase64() {
    IdentityCommands commands = commands(Machines.ALPHA, new TestLaunchOptions(home));
    String nodeId = commands.boot.outcome().identity().orElseThrow().nodeId().toString();

    assertThatThrownBy(() -> commands.verify(nodeId, "x", "not*base64"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("'not*base64' is not base64")
        .hasMessageContaining("as identity:sign prints it");
    assertThatThrownBy(() -> commands.verify(nodeId, "x", "AAAA"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'AAAA' decodes to 3 bytes; an Ed25519 signature has 64");
  }

  @Test
  void verifyQuotesANodeIdThatIsNotOne() {
    IdentityCommands commands = commands(Machines.ALPHA, new TestLaunchOptions(home));

    assertThatThrownBy(() -> commands.verify("alice", "x", commands.sign("x")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("'alice' is not a NodeID")
        .hasMessageContaining("12D3KooW");
  }

  @Test
  void signOnAHaltedNodeSaysWhy() {
    commands(Machines.ALPHA, new TestLaunchOptions(home));
    IdentityCommands commands = commands(MOVED, new TestLaunchOptions(home));

    assertThatThrownBy(() -> commands.sign("x"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("this node's key is not unlocked, so it cannot sign: hardware");
  }

  @Test
  void rebindIsRefusedWhenTheFingerprintMatches() {
    IdentityCommands commands = commands(Machines.ALPHA, new TestLaunchOptions(home));
    String nodeId = commands.boot.outcome().identity().orElseThrow().nodeId().toString();

    assertThatThrownBy(() -> commands.rebind(session("yes\n")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(
            "nothing to rebind: the hardware fingerprint of node "
                + nodeId
                + " matches this machine");
  }

  @Test
  void rebindWithoutConfirmationChangesNothing() throws Exception {
    commands(Machines.ALPHA, new TestLaunchOptions(home));
    IdentityCommands commands = commands(MOVED, new TestLaunchOptions(home));
    NodeHomeDirectory node = commands.boot.outcome().home().orElseThrow();
    byte[] before = Files.readAllBytes(node.fingerprintFile());

    assertThatThrownBy(() -> commands.rebind(session("no\n")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(
            "rebind cancelled: you typed 'no'; type the NodeID " + node.nodeId());

    assertThat(Files.readAllBytes(node.fingerprintFile())).isEqualTo(before);
    assertThat(node.rebindLog()).doesNotExist();
    assertThat(consoleOutput.toString(UTF_8))
        .contains("hostname, machine-uuid changed")
        .contains("type its NodeID " + node.nodeId() + " or yes");
  }

  @Test
  void aConfirmedRebindIsRecordedAndTheNextBootPasses() throws Exception {
    commands(Machines.ALPHA, new TestLaunchOptions(home));
    IdentityCommands commands = commands(MOVED, new TestLaunchOptions(home));
    NodeHomeDirectory node = commands.boot.outcome().home().orElseThrow();

    String result = commands.rebind(session("yes\n"));

    assertThat(result)
        .contains("Node " + node.nodeId() + " is re-bound to this machine")
        .contains("(changed: hostname, machine-uuid)")
        .endsWith("Restart the node to boot with the new binding.");
    List<String> log = Files.readAllLines(node.rebindLog());
    assertThat(log).hasSize(1);
    JsonNode entry = new ObjectMapper().readTree(log.get(0));
    assertThat(entry.get("time").asText()).isEqualTo("2026-04-01T08:30:00Z");
    assertThat(entry.get("nodeId").asText()).isEqualTo(node.nodeId().toString());
    assertThat(entry.get("changed").toString()).isEqualTo("[\"hostname\",\"machine-uuid\"]");
    assertThat(
            FingerprintStore.read(node.fingerprintFile(), node.nodeId()).changedComponents(MOVED))
        .isEmpty();
    assertThat(commands.show(false)).contains("Fingerprint     matches this machine");
    assertThat(commands(MOVED, new TestLaunchOptions(home)).boot.outcome().identity()).isPresent();
  }

  @Test
  void typingTheNodeIdAlsoConfirmsTheRebind() throws Exception {
    commands(Machines.ALPHA, new TestLaunchOptions(home));
    IdentityCommands commands = commands(MOVED, new TestLaunchOptions(home));
    NodeHomeDirectory node = commands.boot.outcome().home().orElseThrow();

    commands.rebind(session(node.nodeId() + "\r\n"));

    assertThat(node.rebindLog()).exists();
  }

  @Test
  void anEncryptedKeyNeedsItsPassphraseToRebind() throws Exception {
    commands(Machines.ALPHA, new TestLaunchOptions(home).passphrase("pw"));
    IdentityCommands commands = commands(MOVED, new TestLaunchOptions(home).passphrase("pw"));
    NodeHomeDirectory node = commands.boot.outcome().home().orElseThrow();

    assertThatThrownBy(() -> commands.rebind(session("yes\n")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("wrong passphrase for " + node.keyFile() + "; the node was not re-bound");
    assertThat(node.rebindLog()).doesNotExist();

    commands.rebind(session("pw\n"));

    assertThat(node.rebindLog()).exists();
    assertThat(consoleOutput.toString(UTF_8)).contains("Passphrase for " + node.keyFile());
  }

  private IdentityCommands commands(Map<String, String> machine, TestLaunchOptions options) {
    BundleContext context = mock(BundleContext.class);
    when(context.registerService(eq(NodeHome.class), any(NodeHome.class), any())).thenReturn(null);
    IdentityBoot boot = new IdentityBoot();
    boot.options = options;
    boot.control = mock(NodeControl.class);
    boot.logger = mock(Logger.class);
    boot.probe = () -> machine;
    boot.console = ScriptedConsole.none();
    IdentityConfig config = mock(IdentityConfig.class);
    when(config.scryptLogN()).thenReturn(10);
    when(config.passphraseAttempts()).thenReturn(3);
    boot.activate(context, config);
    IdentityCommands commands = new IdentityCommands();
    commands.boot = boot;
    commands.logger = mock(Logger.class);
    commands.clock = Clock.fixed(Instant.parse("2026-04-01T08:30:00Z"), ZoneOffset.UTC);
    return commands;
  }

  private CommandSession session(String typed) {
    CommandSession session = mock(CommandSession.class);
    when(session.getConsole()).thenReturn(new PrintStream(consoleOutput, true, UTF_8));
    when(session.getKeyboard()).thenReturn(new ByteArrayInputStream(typed.getBytes(UTF_8)));
    when(session.get(anyString())).thenReturn(null);
    return session;
  }
}
