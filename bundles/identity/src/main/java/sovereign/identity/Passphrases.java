package sovereign.identity;

import java.util.Arrays;
import java.util.Optional;
import sovereign.api.node.LaunchOptions;

/**
 * Where the key passphrase comes from: {@code SOVEREIGN_PASSPHRASE} (the launch option {@code
 * passphrase}), else, on an interactive console, a prompt. At first boot the keys are encrypted
 * only if the variable is set or the operator passed {@code --encrypt-key}.
 */
final class Passphrases {

  static final String OPTION = "passphrase";
  static final String VARIABLE = "SOVEREIGN_PASSPHRASE";
  static final String ENCRYPT_FLAG = "--encrypt-key";

  private final LaunchOptions options;
  private final ConsolePrompt console;
  private final int attempts;

  Passphrases(LaunchOptions options, ConsolePrompt console, int attempts) {
    this.options = options;
    this.console = console;
    this.attempts = Math.max(1, attempts);
  }

  /**
   * The passphrase to seal a new node's keys with, or null to store them in clear.
   *
   * @throws IdentityException if encryption was asked for but no passphrase can be had
   */
  char[] forNewKey() {
    Optional<String> variable = options.option(OPTION);
    if (variable.isPresent()) {
      if (variable.get().isEmpty()) {
        throw new IdentityException(
            VARIABLE
                + " is set but empty: set it to the passphrase for the new node key, or unset it to"
                + " store the key unencrypted");
      }
      return variable.get().toCharArray();
    }
    if (!encryptRequested()) {
      return null;
    }
    if (!interactive()) {
      throw new IdentityException(
          ENCRYPT_FLAG
              + " needs an interactive console to ask for the passphrase; in headless mode set "
              + VARIABLE
              + " instead");
    }
    String note = "";
    for (int attempt = 0; attempt < attempts; attempt++) {
      char[] first = console.readPassword(note + "New passphrase for the node key: ");
      if (first == null) {
        throw new IdentityException(
            "no passphrase was entered (end of input); no node was created");
      }
      if (first.length == 0) {
        note = "The passphrase must not be empty. ";
        continue;
      }
      char[] second = console.readPassword("Repeat the passphrase: ");
      if (second != null && Arrays.equals(first, second)) {
        Arrays.fill(second, '\0');
        return first;
      }
      Arrays.fill(first, '\0');
      if (second != null) {
        Arrays.fill(second, '\0');
      }
      note = "The two passphrases differ. ";
    }
    throw new IdentityException(
        "no passphrase was confirmed in "
            + attempts
            + " attempts (it was empty or the two entries differed); no node was created");
  }

  /**
   * The key pairs from a key file, asking for its passphrase if it is encrypted.
   *
   * @throws WrongPassphraseException if the passphrase is wrong (after every console attempt)
   * @throws IdentityException if a passphrase is needed and none can be had
   */
  KeyMaterial unlock(KeyFile file) {
    if (!file.encrypted()) {
      return file.unlock(null);
    }
    Optional<String> variable = options.option(OPTION);
    if (variable.isPresent()) {
      char[] passphrase = variable.get().toCharArray();
      try {
        return file.unlock(passphrase);
      } catch (WrongPassphraseException e) {
        throw new WrongPassphraseException(
            "wrong passphrase for " + file.path() + ": " + VARIABLE + " does not open it");
      } finally {
        Arrays.fill(passphrase, '\0');
      }
    }
    if (!interactive()) {
      throw new IdentityException(
          "key file "
              + file.path()
              + " is encrypted and this node is headless, so it cannot ask for the passphrase: set "
              + VARIABLE);
    }
    WrongPassphraseException wrong = null;
    for (int attempt = 0; attempt < attempts; attempt++) {
      String note = wrong == null ? "" : "Wrong passphrase. ";
      char[] passphrase = console.readPassword(note + "Passphrase for " + file.path() + ": ");
      if (passphrase == null) {
        throw new IdentityException(
            "no passphrase was entered for key file " + file.path() + " (end of input)");
      }
      try {
        return file.unlock(passphrase);
      } catch (WrongPassphraseException e) {
        wrong = e;
      } finally {
        Arrays.fill(passphrase, '\0');
      }
    }
    throw new WrongPassphraseException(
        "wrong passphrase for " + file.path() + " (" + attempts + " attempts)");
  }

  private boolean interactive() {
    return !options.headless() && console.available();
  }

  private boolean encryptRequested() {
    return options.arguments().contains(ENCRYPT_FLAG)
        || options.option("encrypt-key").map("true"::equalsIgnoreCase).orElse(false);
  }
}
