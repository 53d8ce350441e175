package sovereign.policy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NetAddressesTest {

  @Test
  void addressesAreClassifiedWithoutALookup() {
    String[][] cases = {
      {"example.com", "NAME"},
      {"localhost", "SPECIAL"},
      {"8.8.8.8", "PUBLIC"},
      {"127.0.0.1", "SPECIAL"},
      {"10.255.0.1", "SPECIAL"},
      {"172.15.0.1", "PUBLIC"},
      {"172.16.0.1", "SPECIAL"},
      {"192.168.0.1", "SPECIAL"},
      {"169.254.169.254", "SPECIAL"},
      {"0.0.0.0", "SPECIAL"},
      {"2001:db8::1", "PUBLIC"},
      {"::1", "SPECIAL"},
      {"::", "SPECIAL"},
      {"[fe80::1]", "SPECIAL"},
      {"fdff::1", "SPECIAL"},
      {"::ffff:10.0.0.1", "SPECIAL"},
      {"::ffff:8.8.8.8", "PUBLIC"},
      {"127.1", "INVALID"},
      {"2130706433", "INVALID"},
      {"0x7f.0.0.1", "INVALID"},
      {"010.0.0.1", "INVALID"},
      {"1:2:3", "INVALID"},
      {"fe80::1%eth0", "INVALID"},
      {"exa mple.com", "INVALID"},
      {"bücher.de", "INVALID"}
    };
    for (String[] c : cases) {
      assertThat(NetAddresses.classify(c[0])).as(c[0]).hasToString(c[1]);
    }
  }

  @Test
  void twoSpellingsOfOneAddressAreTheSameLiteral() {
    assertThat(NetAddresses.literal("[::1]")).isEqualTo(NetAddresses.literal("0:0:0:0:0:0:0:1"));
    assertThat(NetAddresses.literal("::ffff:10.0.0.1")).isEqualTo(NetAddresses.literal("10.0.0.1"));
    assertThat(NetAddresses.literal("example.com")).isNull();
  }
}
