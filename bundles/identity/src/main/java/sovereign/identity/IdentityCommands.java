package sovereign.identity;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Arrays;
import java.util.Base64;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;
import sovereign.api.identity.NodeId;

/** The {@code identity:*} Gogo commands. They work when the node halted, so it can be re-bound. */
@Component(
    service = IdentityCommands.class,
    property = {
      "osgi.command.scope=identity",
      "osgi.command.function=show",
      "osgi.command.function=sign",
      "osgi.command.function=verify",
      "osgi.command.function=rebind"
    })
public final class IdentityCommands {

  @Reference IdentityBoot boot;

  @Reference(service = LoggerFactory.class)
  Logger logger;

  SecureRandom random = new SecureRandom();
  Clock clock = Clock.systemUTC();

  @Descriptor(
      "show this node's identity: NodeID, home, public keys, machine id, key encryption,"
          + " fingerprint and boot status")
  public String show(
      @Descriptor("also list each fingerprint component by name (never its value) and its status")
          @Parameter(
              names = {"-c", "--components"},
              presentValue = "true",
              absentValue = "false")
          boolean components) {
    return IdentityReport.of(outcome(), components);
  }

  @Descriptor("sign a text (UTF-8) with this node's Ed25519 key; prints the signature in base64")
  public String sign(@Descriptor("the text to sign; quote it if it has spaces") String text) {
    NodeIdentityService identity =
        outcome()
            .identity()
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "this node's key is not unlocked, so it cannot sign: "
                            + outcome().haltReason().orElse("the identity is not up")));
    return Base64.getEncoder().encodeToString(identity.sign(text.getBytes(StandardCharsets.UTF_8)));
  }

  @Descriptor("check a node's Ed25519 signature of a text; prints true or false")
  public boolean verify(
      @Descriptor("the signer's NodeID (12D3KooW…)") String nodeId,
      @Descriptor("the signed text, exactly as signed") String text,
      @Descriptor("the signature in base64, as printed by identity:sign") String signature) {
    NodeId signer = NodeId.parse(nodeId);
    byte[] bytes;
    try {
      bytes = Base64.getDecoder().decode(signature.strip());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "'"
              + signature
              + "' is not base64; give the signature as identity:sign prints it (88 characters)");
    }
    if (bytes.length != KeyMaterial.SIGNATURE_BYTES) {
      throw new IllegalArgumentException(
          "'"
              + signature
              + "' decodes to "
              + bytes.length
              + " bytes; an Ed25519 signature has 64 (88 base64 characters, as identity:sign"
              + " prints it)");
    }
    return KeyMaterial.verify(signer.publicKey(), text.getBytes(StandardCharsets.UTF_8), bytes);
  }

  @Descriptor(
      "re-bind this node to this machine after a legitimate hardware change: asks for the key"
          + " passphrase (or a confirmation), records the change in data/rebind.log; restart the"
          + " node afterwards")
  public String rebind(CommandSession session) throws IOException {
    BootSequence.Outcome outcome = outcome();
    NodeHomeDirectory home =
        outcome
            .home()
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "no node was chosen, so there is nothing to rebind: "
                            + outcome.haltReason().orElse("")));
    NodeId nodeId = home.nodeId();
    Rebinder.Plan plan = Rebinder.plan(home, outcome.components());
    if (!plan.needed()) {
      throw new IllegalStateException(
          "nothing to rebind: the hardware fingerprint of node "
              + nodeId
              + " matches this machine");
    }
    KeyFile keyFile;
    try {
      keyFile = KeyFileCodec.read(home.keyFile());
    } catch (IdentityException e) {
      throw new IllegalStateException("cannot re-bind: " + e.getMessage());
    }
    PrintStream console = session.getConsole();
    console.println(
        "Node "
            + nodeId
            + (plan.unreadable().isPresent()
                ? ": " + plan.unreadable().get() + "."
                : " was bound to other hardware: "
                    + String.join(", ", plan.changed())
                    + " changed."));
    confirm(new SessionPrompt(session), keyFile);
    Rebinder.rebind(home, outcome.components(), plan.changed(), random, clock);
    logger.warn(
        "node {} re-bound to this machine by the operator; changed: {}", nodeId, plan.changed());
    return "Node "
        + nodeId
        + " is re-bound to this machine (changed: "
        + String.join(", ", plan.changed())
        + "), recorded in "
        + home.rebindLog()
        + ". Restart the node to boot with the new binding.";
  }

  /** The passphrase if the key is encrypted, else the NodeID or "yes". */
  private static void confirm(SessionPrompt prompt, KeyFile keyFile) throws IOException {
    NodeId nodeId = keyFile.nodeId();
    if (keyFile.encrypted()) {
      char[] passphrase = prompt.readSecret("Passphrase for " + keyFile.path() + ": ");
      if (passphrase == null) {
        throw new IllegalArgumentException(
            "rebind cancelled: no passphrase was entered; the node was not re-bound");
      }
      try {
        keyFile.unlock(passphrase);
      } catch (WrongPassphraseException e) {
        throw new IllegalArgumentException(
            "wrong passphrase for " + keyFile.path() + "; the node was not re-bound");
      } catch (IdentityException e) {
        throw new IllegalStateException("cannot re-bind: " + e.getMessage());
      } finally {
        Arrays.fill(passphrase, '\0');
      }
      return;
    }
    try {
      keyFile.unlock(null);
    } catch (IdentityException e) {
      throw new IllegalStateException("cannot re-bind: " + e.getMessage());
    }
    String answer =
        prompt.readLine("To re-bind it to this machine, type its NodeID " + nodeId + " or yes: ");
    String typed = answer == null ? "" : answer.strip();
    if (!typed.equals(nodeId.toString()) && !typed.equalsIgnoreCase("yes")) {
      throw new IllegalArgumentException(
          "rebind cancelled: you typed '"
              + typed
              + "'; type the NodeID "
              + nodeId
              + " or yes to confirm. The node was not re-bound");
    }
  }

  private BootSequence.Outcome outcome() {
    BootSequence.Outcome outcome = boot.outcome();
    if (outcome == null) {
      throw new IllegalStateException("the identity boot has not finished yet; try again");
    }
    return outcome;
  }
}
