package sovereign.identity;

import java.io.IOException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;
import sovereign.api.identity.NodeId;
import sovereign.api.node.LaunchOptions;
import sovereign.identity.KeyCipher.ScryptParams;

/**
 * The identity boot, without OSGi: read the hardware, choose or create the node, check the key
 * file's mode and the fingerprint, unlock the key. Any failure ends it with a halt reason.
 */
final class BootSequence {

  static final String REBIND_HINT =
      "If this machine legitimately changed, run identity:rebind on the console";

  /**
   * How the boot ended.
   *
   * @param components this machine's fingerprint components (raw values, memory only)
   * @param machineId this machine's id, or null if the hardware could not be read
   * @param home the chosen node, if one was chosen
   * @param keyFile the chosen node's key file header, if it could be read
   * @param created whether this boot created the node
   * @param identity the unlocked identity, only if every check passed
   * @param haltReason why the node must halt, if it must
   */
  record Outcome(
      Map<String, String> components,
      String machineId,
      Optional<NodeHomeDirectory> home,
      Optional<KeyFile> keyFile,
      boolean created,
      Optional<NodeIdentityService> identity,
      Optional<String> haltReason) {}

  private final LaunchOptions options;
  private final HardwareProbe probe;
  private final Passphrases passphrases;
  private final ScryptParams params;
  private final SecureRandom random;
  private final Clock clock;

  BootSequence(
      LaunchOptions options,
      HardwareProbe probe,
      Passphrases passphrases,
      ScryptParams params,
      SecureRandom random,
      Clock clock) {
    this.options = options;
    this.probe = probe;
    this.passphrases = passphrases;
    this.params = params;
    this.random = random;
    this.clock = clock;
  }

  /**
   * Runs the boot.
   *
   * @param onChosen called as soon as the node is chosen, before its checks
   */
  Outcome run(Consumer<NodeHomeDirectory> onChosen) {
    Map<String, String> components;
    try {
      components = new TreeMap<>(probe.components());
    } catch (RuntimeException e) {
      return halted(Map.of(), null, "cannot read this machine's hardware fingerprint: " + e);
    }
    if (components.isEmpty()) {
      return halted(
          components,
          null,
          "the hardware probe reported no fingerprint components, so no node can be bound to this"
              + " machine");
    }
    String machineId = Fingerprint.machineId(components);
    NodeHomeDirectory home;
    KeyMaterial created = null;
    try {
      Optional<NodeId> chosen = NodeSelector.select(options.home(), options.node(), components);
      if (chosen.isPresent()) {
        home = NodeHomeDirectory.under(options.home(), chosen.get());
        NodeHomeDirectory.createLayout(home.root());
      } else {
        char[] passphrase = passphrases.forNewKey();
        try {
          NodeProvisioner.Created node =
              NodeProvisioner.create(
                  options.home(),
                  components,
                  passphrase,
                  params,
                  random,
                  clock.instant().truncatedTo(ChronoUnit.SECONDS).toString());
          home = node.home();
          created = node.keys();
        } finally {
          if (passphrase != null) {
            Arrays.fill(passphrase, '\0');
          }
        }
      }
    } catch (IdentityException e) {
      return halted(components, machineId, e.getMessage());
    } catch (IOException e) {
      return halted(
          components,
          machineId,
          "cannot set up the node home under "
              + options.home()
              + ": "
              + IdentityException.describe(e));
    }
    onChosen.accept(home);
    KeyFile keyFile = null;
    try {
      SecureFiles.requireOwnerOnly(home.keyFile());
      keyFile = KeyFileCodec.read(home.keyFile());
      if (!keyFile.nodeId().equals(home.nodeId())) {
        throw new IdentityException(
            "key file "
                + home.keyFile()
                + " belongs to node "
                + keyFile.nodeId()
                + ", not to "
                + home.nodeId()
                + " whose folder it is in");
      }
      verifyFingerprint(home, components);
      KeyMaterial keys = created != null ? created : passphrases.unlock(keyFile);
      return new Outcome(
          components,
          machineId,
          Optional.of(home),
          Optional.of(keyFile),
          created != null,
          Optional.of(new NodeIdentityService(keys, machineId)),
          Optional.empty());
    } catch (IdentityException e) {
      return new Outcome(
          components,
          machineId,
          Optional.of(home),
          Optional.ofNullable(keyFile),
          created != null,
          Optional.empty(),
          Optional.of(e.getMessage()));
    }
  }

  /**
   * Compares the node's recorded fingerprint with this machine's.
   *
   * @throws IdentityException naming the changed components (never their values), or why the
   *     fingerprint cannot be checked
   */
  static void verifyFingerprint(NodeHomeDirectory home, Map<String, String> components) {
    Fingerprint recorded;
    try {
      recorded = FingerprintStore.read(home.fingerprintFile(), home.nodeId());
    } catch (IdentityException e) {
      throw new IdentityException(
          "hardware fingerprint of node "
              + home.nodeId()
              + " cannot be checked: "
              + e.getMessage()
              + ". "
              + REBIND_HINT);
    }
    List<String> changed = recorded.changedComponents(components);
    if (!changed.isEmpty()) {
      throw new IdentityException(
          "hardware fingerprint does not match node "
              + home.nodeId()
              + ": "
              + String.join(", ", changed)
              + " changed. "
              + REBIND_HINT);
    }
  }

  static Outcome halted(Map<String, String> components, String machineId, String reason) {
    return new Outcome(
        components,
        machineId,
        Optional.empty(),
        Optional.empty(),
        false,
        Optional.empty(),
        Optional.of(reason));
  }
}
