package sovereign.identity;

import java.util.HexFormat;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/** The text of {@code identity:show}: what the boot found, and the fingerprint as it is now. */
final class IdentityReport {

  private IdentityReport() {}

  static String of(BootSequence.Outcome outcome, boolean listComponents) {
    StringBuilder out = new StringBuilder();
    if (outcome.home().isEmpty()) {
      line(out, "NodeID", "none (no node was chosen)");
      line(out, "Machine ID", outcome.machineId() == null ? "unknown" : outcome.machineId());
      line(out, "Boot", "HALTED: " + outcome.haltReason().orElse(""));
      return out.toString();
    }
    NodeHomeDirectory home = outcome.home().get();
    line(out, "NodeID", home.nodeId().toString());
    line(out, "Home", home.root().toString());
    HexFormat hex = HexFormat.of();
    line(out, "Signing key", "ed25519 " + hex.formatHex(home.nodeId().publicKey()));
    try {
      KeyFile keyFile = KeyFileCodec.read(home.keyFile());
      line(out, "Encryption key", "x25519 " + hex.formatHex(keyFile.encryptionPublicKey()));
      line(
          out,
          "Key encryption",
          keyFile.encrypted()
              ? "on (scrypt N=2^"
                  + keyFile.scryptParams().logN()
                  + " r="
                  + keyFile.scryptParams().r()
                  + " p="
                  + keyFile.scryptParams().p()
                  + ", AES-256-GCM)"
              : "off");
    } catch (IdentityException e) {
      line(out, "Key file", "unreadable: " + e.getMessage());
    }
    line(out, "Machine ID", outcome.machineId());
    Rebinder.Plan plan = Rebinder.plan(home, outcome.components());
    line(
        out,
        "Fingerprint",
        plan.unreadable()
            .orElse(
                plan.needed()
                    ? "does not match this machine: "
                        + String.join(", ", plan.changed())
                        + " changed"
                    : "matches this machine"));
    line(
        out,
        "Boot",
        outcome.haltReason().map(reason -> "HALTED: " + reason).orElse("identity is up"));
    if (listComponents) {
      components(out, home, outcome.components());
    }
    return out.toString();
  }

  private static void components(
      StringBuilder out, NodeHomeDirectory home, Map<String, String> current) {
    SortedMap<String, String> status = new TreeMap<>();
    try {
      Fingerprint recorded = FingerprintStore.read(home.fingerprintFile(), home.nodeId());
      for (String name : recorded.hashes().keySet()) {
        status.put(
            name,
            !current.containsKey(name)
                ? "not reported by this machine"
                : recorded.matches(name, current.get(name)) ? "matches" : "changed");
      }
    } catch (IdentityException e) {
      // The Fingerprint line above already says why it cannot be read.
    }
    for (String name : current.keySet()) {
      status.putIfAbsent(name, "not recorded for this node");
    }
    out.append("Components:\n");
    status.forEach((name, state) -> out.append(String.format("  %-14s %s\n", name, state)));
  }

  private static void line(StringBuilder out, String label, String value) {
    out.append(String.format("%-16s%s\n", label, value));
  }
}
