package sovereign.api.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import sovereign.api.ledger.Currency;

class RequestTest {

  @Test
  void requestsParseFromTheTextTheyPrint() {
    String[] texts = {
      "fs.read:data/in.txt",
      "fs.write:out/r.txt",
      "net.connect:example.com:443",
      "net.connect:[::1]:8080",
      "ledger.spend:IPPC:1.5",
      "mesh.publish:news.daily",
      "mesh.subscribe:news.daily",
      "skill.invoke:echo",
      "host.log"
    };
    for (String text : texts) {
      assertThat(Request.parse(text).toString()).isEqualTo(text);
    }
    assertThat(Request.parse("ledger.spend:ippc:1.5"))
        .isEqualTo(Request.spend(Currency.IPPC, 1_500_000));
    assertThat(Request.parse("net.connect:[::1]:8080").target()).isEqualTo("::1");
  }

  @Test
  void aCorrelationIdDoesNotChangeWhatIsAsked() {
    Request r = Request.host("log").withCorrelation("run-1");

    assertThat(r.correlation()).isEqualTo("run-1");
    assertThat(r.withCorrelation("")).isEqualTo(Request.host("log"));
    assertThat(r.capability()).isEqualTo("host.log");
  }

  @Test
  void badRequestsAreRefusedQuotingTheText() {
    for (String text :
        new String[] {
          "fs.read", "net.connect:example.com", "ledger.spend:IPPC", "host.", "nope:x"
        }) {
      assertThatThrownBy(() -> Request.parse(text))
          .as(text)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("'" + text + "'");
    }
  }
}
