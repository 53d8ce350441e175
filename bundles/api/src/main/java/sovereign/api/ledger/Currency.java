package sovereign.api.ledger;

/** The currencies of the ledger. Amounts are integer micro-units of one of them. */
public enum Currency {
  /** The swarm's compute currency: metering is charged in it. */
  IPPC(1),
  /** A dollar-pegged unit. */
  IUSD(2),
  /** Ether, as bridged by the chain bundle. */
  ETH(3);

  private final int code;

  Currency(int code) {
    this.code = code;
  }

  /** The byte that stands for this currency in the entry encoding (docs/ledger.md). */
  public int code() {
    return code;
  }

  /**
   * The currency with this encoding byte.
   *
   * @throws IllegalArgumentException if no currency has it
   */
  public static Currency ofCode(int code) {
    for (Currency c : values()) {
      if (c.code == code) {
        return c;
      }
    }
    throw new IllegalArgumentException("no currency has code " + code);
  }

  /**
   * Parses a currency name, ignoring case.
   *
   * @throws IllegalArgumentException quoting the text and listing the currencies
   */
  public static Currency parse(String text) {
    String name = text == null ? "" : text.strip();
    for (Currency c : values()) {
      if (c.name().equalsIgnoreCase(name)) {
        return c;
      }
    }
    throw new IllegalArgumentException(
        "'" + text + "' is not a currency; use one of IPPC, IUSD, ETH");
  }
}
