package sovereign.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sovereign.api.ledger.Amounts;
import sovereign.api.ledger.Currency;
import sovereign.api.policy.Decision;
import sovereign.api.policy.Request;

class PolicyDecisionTest {

  @TempDir Path dir;

  private PolicyNode node;

  private Decision decide(String subject, Request r) {
    return node.policy.decide(subject, r);
  }

  @AfterEach
  void close() throws Exception {
    node.close();
  }

  private PolicyNode start() throws Exception {
    node = new PolicyNode(dir.resolve("node")).allLow().start();
    return node;
  }

  @Test
  void nothingIsAllowedUnlessGranted() throws Exception {
    start().grant("echo", "fs.read:in/*.txt", "host.log");

    assertThat(decide("echo", Request.fsRead("in/a.txt"))).isSameAs(Decision.ALLOW);
    assertThat(decide("echo", Request.host("log"))).isSameAs(Decision.ALLOW);
    assertThat(decide("echo", Request.fsRead("in/sub/a.txt")).reason()).startsWith("not granted");
    assertThat(decide("echo", Request.fsWrite("in/a.txt")).reason()).startsWith("not granted");
    assertThat(decide("echo", Request.host("http_get")).allowed()).isFalse();
    assertThat(decide("other", Request.host("log")).reason()).contains("'other' has no grants");
  }

  @Test
  void anExplicitDenyBeatsAnyAllow() throws Exception {
    start()
        .grant("fetch", "net.connect:*.example.com:443", "!net.connect:evil.example.com")
        .grant("fetch", "fs.read:**", "!fs.read:secret/**", "host.*", "!host.exec");

    assertThat(decide("fetch", Request.connect("api.example.com", 443)).allowed()).isTrue();
    assertThat(decide("fetch", Request.connect("evil.example.com", 443)).reason())
        .isEqualTo("explicitly denied by !net.connect:evil.example.com");
    assertThat(decide("fetch", Request.fsRead("public/a")).allowed()).isTrue();
    assertThat(decide("fetch", Request.fsRead("secret/key")).reason())
        .isEqualTo("explicitly denied by !fs.read:secret/**");
    assertThat(decide("fetch", Request.host("log")).allowed()).isTrue();
    assertThat(decide("fetch", Request.host("exec")).allowed()).isFalse();
  }

  @Test
  void aWildcardNeverReachesLoopbackPrivateOrLinkLocalAddresses() throws Exception {
    start().grant("fetch", "net.connect:*", "net.connect:*.corp:*");

    assertThat(decide("fetch", Request.connect("93.184.216.34", 80)).allowed()).isTrue();
    assertThat(decide("fetch", Request.connect("example.org", 80)).allowed()).isTrue();
    for (String special :
        new String[] {
          "127.0.0.1",
          "10.1.2.3",
          "172.16.0.1",
          "172.31.255.255",
          "192.168.1.1",
          "169.254.169.254",
          "0.0.0.0",
          "::1",
          "[::1]",
          "fd00::1",
          "fc12::5",
          "fe80::1",
          "::ffff:127.0.0.1",
          "localhost",
          "db.localhost"
        }) {
      assertThat(decide("fetch", Request.connect(special, 80)).allowed()).as(special).isFalse();
    }
    assertThat(decide("fetch", Request.connect("172.32.0.1", 80)).allowed()).isTrue();
  }

  @Test
  void anExplicitGrantReachesAPrivateAddress() throws Exception {
    start()
        .grant(
            "fetch", "net.connect:10.0.0.5:8080", "net.connect:[::1]", "net.connect:localhost:9");

    assertThat(decide("fetch", Request.connect("10.0.0.5", 8080)).allowed()).isTrue();
    assertThat(decide("fetch", Request.connect("10.0.0.5", 8081)).allowed()).isFalse();
    assertThat(decide("fetch", Request.connect("0:0:0:0:0:0:0:1", 22)).allowed()).isTrue();
    assertThat(decide("fetch", Request.connect("localhost", 9)).allowed()).isTrue();
  }

  @Test
  void aNameThatResolvesToAPrivateAddressNeedsAGrantNamingThatAddress() throws Exception {
    start().grant("fetch", "net.connect:*.example.com:443");

    assertThat(decide("fetch", Request.connect("api.example.com", "93.184.216.34", 443)).allowed())
        .isTrue();
    assertThat(decide("fetch", Request.connect("rebind.example.com", "127.0.0.1", 443)).allowed())
        .isFalse();

    node.grant("fetch", "net.connect:10.0.0.7:443");
    assertThat(decide("fetch", Request.connect("intra.example.com", "10.0.0.7", 443)).allowed())
        .isTrue();
  }

  @Test
  void addressSpellingsThatResolversReadAsLoopbackAreRefused() throws Exception {
    start().grant("fetch", "net.connect:*");

    for (String odd :
        new String[] {"127.1", "2130706433", "0x7f000001", "0177.0.0.1", "1.2.3.04"}) {
      assertThat(decide("fetch", Request.connect(odd, 80)).reason())
          .as(odd)
          .contains("not a host name or canonical IP address");
    }
  }

  @Test
  void ledgerSpendKeepsThePerCallAndPerDayLimits() throws Exception {
    start().grant("trader", "ledger.spend:IPPC:2:5");

    assertThat(decide("trader", Request.spend(Currency.IPPC, Amounts.parse("2"))).allowed())
        .isTrue();
    assertThat(decide("trader", Request.spend(Currency.IPPC, Amounts.parse("2.5"))).reason())
        .isEqualTo("ledger.spend of 2.5 IPPC is over the per-call limit of 2 IPPC");
    assertThat(decide("trader", Request.spend(Currency.IPPC, Amounts.parse("2"))).allowed())
        .isTrue();
    assertThat(decide("trader", Request.spend(Currency.IPPC, Amounts.parse("1.5"))).reason())
        .isEqualTo("ledger.spend of 1.5 IPPC would pass the daily limit of 5 IPPC");
    assertThat(decide("trader", Request.spend(Currency.IPPC, Amounts.parse("1"))).allowed())
        .isTrue();
    assertThat(decide("trader", Request.spend(Currency.IUSD, 1)).reason())
        .startsWith("not granted");

    node.clock.advance(java.time.Duration.ofDays(1));
    assertThat(decide("trader", Request.spend(Currency.IPPC, Amounts.parse("2"))).allowed())
        .isTrue();
  }

  @Test
  void theDaysSpendingOutlivesARestart() throws Exception {
    start().grant("trader", "ledger.spend:IPPC:3:5");
    assertThat(decide("trader", Request.spend(Currency.IPPC, Amounts.parse("3"))).allowed())
        .isTrue();

    node.restart();

    assertThat(decide("trader", Request.spend(Currency.IPPC, Amounts.parse("3"))).allowed())
        .isFalse();
    assertThat(decide("trader", Request.spend(Currency.IPPC, Amounts.parse("2"))).allowed())
        .isTrue();
  }

  @Test
  void checkSaysWhatDecideWouldWithoutCountingOrAuditing() throws Exception {
    start().grant("trader", "ledger.spend:IPPC:5:5");
    int before = node.auditLines().size();

    for (int i = 0; i < 3; i++) {
      assertThat(node.policy.check("trader", Request.spend(Currency.IPPC, Amounts.parse("5"))))
          .isSameAs(Decision.ALLOW);
    }

    assertThat(node.auditLines()).hasSize(before);
    assertThat(decide("trader", Request.spend(Currency.IPPC, Amounts.parse("5"))).allowed())
        .isTrue();
  }

  @Test
  void topicSkillAndPathPatternsMatchBySegment() throws Exception {
    start()
        .grant("bot", "mesh.publish:news.*", "mesh.subscribe:news.**", "skill.invoke:echo")
        .grant("bot", "fs.write:out/**");

    assertThat(decide("bot", Request.publish("news.daily")).allowed()).isTrue();
    assertThat(decide("bot", Request.publish("news.daily.extra")).allowed()).isFalse();
    assertThat(decide("bot", Request.subscribe("news.daily.extra")).allowed()).isTrue();
    assertThat(decide("bot", Request.invoke("echo")).allowed()).isTrue();
    assertThat(decide("bot", Request.invoke("echo2")).allowed()).isFalse();
    assertThat(decide("bot", Request.fsWrite("out/a/b/c.bin")).allowed()).isTrue();
    assertThat(decide("bot", Request.fsWrite("out/../x")).reason()).contains(". or .. segment");
  }
}
