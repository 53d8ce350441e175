package sovereign.api.ledger;

import java.util.Map;
import java.util.Objects;

/**
 * An account's state.
 *
 * @param account the account (a NodeID or a system account)
 * @param balances balance per currency, micro-units; currencies never used are absent
 * @param held amounts held by open metering reservations, per currency
 * @param reputation the number of contribution receipts naming this account as contributor
 * @param locked true when the owner is flagged for equivocation: nothing of it is accepted
 * @param mode {@link Mode#WORKER} when the IPPC available is below the configured floor
 */
public record Wallet(
    String account,
    Map<Currency, Long> balances,
    Map<Currency, Long> held,
    long reputation,
    boolean locked,
    Mode mode) {

  /** Whether the wallet may spend on exploratory work. */
  public enum Mode {
    /** Above the floor: any affordable action runs. */
    NORMAL,
    /** Below the IPPC floor (bankrupt): exploratory actions are refused, bounty work runs. */
    WORKER
  }

  public Wallet {
    Objects.requireNonNull(account, "account");
    Objects.requireNonNull(mode, "mode");
    balances = Map.copyOf(balances);
    held = Map.copyOf(held);
  }

  /** The balance in a currency (0 if never used). */
  public long balance(Currency currency) {
    return balances.getOrDefault(currency, 0L);
  }

  /** What can still be spent: the balance less what open reservations hold. */
  public long available(Currency currency) {
    return balance(currency) - held.getOrDefault(currency, 0L);
  }
}
