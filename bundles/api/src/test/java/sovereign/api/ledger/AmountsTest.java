package sovereign.api.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class AmountsTest {

  @Test
  void decimalsBecomeMicroUnits() {
    assertThat(Amounts.parse("12.5")).isEqualTo(12_500_000L);
    assertThat(Amounts.parse("0.000001")).isEqualTo(1L);
    assertThat(Amounts.parse("10")).isEqualTo(10_000_000L);
    assertThat(Amounts.parse(".5")).isEqualTo(500_000L);
    assertThat(Amounts.parse("-3.25")).isEqualTo(-3_250_000L);
    assertThat(Amounts.parse(" 7 ")).isEqualTo(7_000_000L);
  }

  @Test
  void microUnitsPrintAsWholeUnitsWithTheDecimalsNeeded() {
    assertThat(Amounts.format(12_500_000L)).isEqualTo("12.5");
    assertThat(Amounts.format(10_000_000L)).isEqualTo("10");
    assertThat(Amounts.format(1L)).isEqualTo("0.000001");
    assertThat(Amounts.format(-3_250_000L)).isEqualTo("-3.25");
    assertThat(Amounts.format(0L)).isEqualTo("0");
    assertThat(Amounts.format(Long.MIN_VALUE)).isEqualTo("-9223372036854.775808");
    assertThat(Amounts.format(20_000L, Currency.IPPC)).isEqualTo("0.02 IPPC");
  }

  @Test
  void formatAndParseRoundTrip() {
    for (long v : new long[] {1, 999_999, 1_000_001, Long.MAX_VALUE, -Long.MAX_VALUE}) {
      assertThat(Amounts.parse(Amounts.format(v))).isEqualTo(v);
    }
  }

  @Test
  void moreThanSixDecimalsIsRefusedSayingWhy() {
    assertThatThrownBy(() -> Amounts.parse("1.0000001"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "'1.0000001' has 7 decimals; amounts have at most 6 (the smallest is 0.000001)");
  }

  @Test
  void textThatIsNotAnAmountIsRefusedQuotingIt() {
    for (String bad : new String[] {"", "abc", "1.", "1,5", "1e3", "--1", "."}) {
      assertThatThrownBy(() -> Amounts.parse(bad))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("'" + bad + "' is not an amount");
    }
    assertThatThrownBy(() -> Amounts.parse("9223372036855"))
        .hasMessage("'9223372036855' is too large for an amount");
  }
}
