package sovereign.api.ledger;

/**
 * The ledger refused to record something: insufficient funds, a wallet in WORKER mode, a locked
 * wallet, a missing authority, or a broken chain. The message says why and what would work.
 */
public class RefusedException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public RefusedException(String message) {
    super(message);
  }
}
