package sovereign.api.ledger;

import java.util.Objects;

/**
 * One line of an entry: {@code amount} micro-units of {@code currency} into {@code account}
 * (positive: credit, negative: debit). The postings of an entry sum to zero per currency.
 *
 * @param account a NodeID (a wallet) or a system account ({@link Accounts})
 * @param currency the currency
 * @param amount micro-units, never zero
 */
public record Posting(String account, Currency currency, long amount) {

  public Posting {
    Objects.requireNonNull(currency, "currency");
    account = Accounts.check(account);
    if (amount == 0) {
      throw new IllegalArgumentException("a posting of zero to " + account + " moves nothing");
    }
  }

  @Override
  public String toString() {
    return account + " " + (amount > 0 ? "+" : "") + Amounts.format(amount, currency);
  }
}
