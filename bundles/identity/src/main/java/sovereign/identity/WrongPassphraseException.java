package sovereign.identity;

/** The passphrase does not open the key file (or its encrypted part was altered). */
final class WrongPassphraseException extends IdentityException {

  private static final long serialVersionUID = 1L;

  WrongPassphraseException(String message) {
    super(message);
  }
}
