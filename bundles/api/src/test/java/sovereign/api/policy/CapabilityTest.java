package sovereign.api.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import sovereign.api.ledger.Currency;

class CapabilityTest {

  @Test
  void eachKindParsesToItsCanonicalText() {
    String[][] cases = {
      {"fs.read:data/*.txt", "fs.read:data/*.txt"},
      {" fs.write:out/** ", "fs.write:out/**"},
      {"net.connect:API.Example.com:0443", "net.connect:api.example.com:443"},
      {"net.connect:*.example.com:*", "net.connect:*.example.com"},
      {"net.connect:[::1]:80", "net.connect:[::1]:80"},
      {"net.connect:[fd00::1]", "net.connect:[fd00::1]"},
      {"ledger.spend:ippc:0.50:20", "ledger.spend:IPPC:0.5:20"},
      {"!ledger.spend:eth", "!ledger.spend:ETH"},
      {"mesh.publish:news.*", "mesh.publish:news.*"},
      {"mesh.subscribe:news.**", "mesh.subscribe:news.**"},
      {"skill.invoke:echo", "skill.invoke:echo"},
      {"host.log", "host.log"},
      {"! host.*", "!host.*"}
    };
    for (String[] c : cases) {
      Capability parsed = Capability.parse(c[0]);
      assertThat(parsed.toString()).as(c[0]).isEqualTo(c[1]);
      assertThat(Capability.parse(parsed.toString())).isEqualTo(parsed);
    }
  }

  @Test
  void spendLimitsAreMicroUnits() {
    Capability c = Capability.parse("ledger.spend:IUSD:0.5:20");

    assertThat(c.currency()).isEqualTo(Currency.IUSD);
    assertThat(c.perCall()).isEqualTo(500_000);
    assertThat(c.perDay()).isEqualTo(20_000_000);
    assertThat(c.deny()).isFalse();
    assertThat(c.kind()).isEqualTo(CapabilityKind.LEDGER_SPEND);
  }

  @Test
  void badCapabilitiesAreRefusedQuotingTheText() {
    String[] bad = {
      "fs.read",
      "fs.read:/etc/**",
      "fs.read:../x",
      "fs.read:a\\b",
      "fs.read:%2e%2e/x",
      "net.connect:",
      "net.connect:a.com:70000",
      "net.connect:a.com:",
      "net.connect:a b",
      "ledger.spend:IPPC",
      "ledger.spend:XYZ:1:2",
      "ledger.spend:IPPC:3:2",
      "ledger.spend:IPPC:0:2",
      "!ledger.spend:IPPC:1:2",
      "mesh.publish:",
      "host.",
      "host.log:x",
      "exec",
      "host.a-b"
    };
    for (String text : bad) {
      assertThatThrownBy(() -> Capability.parse(text))
          .as(text)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("'" + text + "'");
    }
  }
}
