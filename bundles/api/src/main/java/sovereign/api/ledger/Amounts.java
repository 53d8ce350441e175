package sovereign.api.ledger;

/**
 * Amounts are {@code long} micro-units: 1 unit = {@value #MICROS_PER_UNIT} micro-units, so "12.5"
 * is 12 500 000. Never floating point.
 */
public final class Amounts {

  /** Micro-units in one whole unit. */
  public static final long MICROS_PER_UNIT = 1_000_000L;

  /** Decimals a text amount may have. */
  public static final int DECIMALS = 6;

  private Amounts() {}

  /**
   * Parses a decimal amount in whole units ("12.5", "-3", "0.000001") into micro-units.
   *
   * @throws IllegalArgumentException quoting the text if it is not a number, has more than 6
   *     decimals, or does not fit in a long
   */
  public static long parse(String text) {
    String s = text == null ? "" : text.strip();
    boolean negative = s.startsWith("-");
    String digits = negative || s.startsWith("+") ? s.substring(1) : s;
    int dot = digits.indexOf('.');
    String whole = dot < 0 ? digits : digits.substring(0, dot);
    String fraction = dot < 0 ? "" : digits.substring(dot + 1);
    if ((whole.isEmpty() && fraction.isEmpty())
        || !allDigits(whole)
        || !allDigits(fraction)
        || (dot >= 0 && fraction.isEmpty())) {
      throw new IllegalArgumentException(
          "'" + text + "' is not an amount; write it in whole units with a dot, e.g. 12.5");
    }
    if (fraction.length() > DECIMALS) {
      throw new IllegalArgumentException(
          "'"
              + text
              + "' has "
              + fraction.length()
              + " decimals; amounts have at most 6 (the smallest is 0.000001)");
    }
    try {
      long units = whole.isEmpty() ? 0 : Long.parseLong(whole);
      long micros =
          fraction.isEmpty() ? 0 : Long.parseLong(fraction) * pow10(DECIMALS - fraction.length());
      long value = Math.addExact(Math.multiplyExact(units, MICROS_PER_UNIT), micros);
      return negative ? -value : value;
    } catch (ArithmeticException | NumberFormatException e) {
      throw new IllegalArgumentException("'" + text + "' is too large for an amount");
    }
  }

  /** Formats micro-units as whole units with the decimals it needs: 12500000 is "12.5". */
  public static String format(long micros) {
    String sign = micros < 0 ? "-" : "";
    long abs = Math.abs(micros); // Long.MIN_VALUE stays negative: handled below
    if (abs < 0) {
      return "-9223372036854.775808";
    }
    long units = abs / MICROS_PER_UNIT;
    long fraction = abs % MICROS_PER_UNIT;
    if (fraction == 0) {
      return sign + units;
    }
    String decimals = String.format("%06d", fraction);
    int end = decimals.length();
    while (decimals.charAt(end - 1) == '0') {
      end--;
    }
    return sign + units + "." + decimals.substring(0, end);
  }

  /** Formats with the currency: "12.5 IPPC". */
  public static String format(long micros, Currency currency) {
    return format(micros) + " " + currency;
  }

  private static boolean allDigits(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) < '0' || s.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }

  private static long pow10(int n) {
    long p = 1;
    for (int i = 0; i < n; i++) {
      p *= 10;
    }
    return p;
  }
}
