package sovereign.api.ledger;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import sovereign.api.identity.NodeId;

/**
 * Account names. A wallet account is its owner's NodeID text; the system accounts are {@link #MINT}
 * (where money enters: its balance is minus the total minted) and {@link #TREASURY} (where metering
 * fees go). Only a mint authority may debit a system account.
 */
public final class Accounts {

  /** The counterpart of all money: minting debits it, so its balance is minus the total minted. */
  public static final String MINT = "mint";

  /** Receives metering charges and DAO fees; pays bounties. */
  public static final String TREASURY = "treasury";

  /** NodeIDs already checked (bounded): parsing base58 is the costly part of a posting. */
  private static final Map<String, String> CHECKED = new ConcurrentHashMap<>();

  private static final int CHECKED_MAX = 8192;

  private Accounts() {}

  /** The wallet account of a node. */
  public static String wallet(NodeId owner) {
    return owner.toString();
  }

  /** Whether the account is a system account (mint or treasury). */
  public static boolean isSystem(String account) {
    return MINT.equals(account) || TREASURY.equals(account);
  }

  /**
   * Checks that an account name is a system account or a NodeID and returns it.
   *
   * @throws IllegalArgumentException quoting the name and saying what would work
   */
  public static String check(String account) {
    if (isSystem(account)) {
      return account;
    }
    String known = account == null ? null : CHECKED.get(account);
    if (known != null) {
      return known;
    }
    try {
      String canonical = NodeId.parse(account).toString();
      if (CHECKED.size() >= CHECKED_MAX) {
        CHECKED.clear();
      }
      CHECKED.put(account, canonical);
      return canonical;
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "'" + account + "' is not an account: use a NodeID (12D3KooW…), mint or treasury");
    }
  }
}
