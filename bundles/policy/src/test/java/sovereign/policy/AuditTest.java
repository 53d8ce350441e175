package sovereign.policy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sovereign.api.ledger.Currency;
import sovereign.api.policy.Decision;
import sovereign.api.policy.Request;

class AuditTest {

  @TempDir Path dir;

  private PolicyNode node;

  @BeforeEach
  void start() throws Exception {
    node = new PolicyNode(dir.resolve("node"));
    node.config.put("tiers", new String[] {"host.*=LOW", "net.connect=MEDIUM", "ledger.spend=LOW"});
    node.start().grant("fetch", "host.*", "net.connect:*.example.com:443", "ledger.spend:IPPC:1:1");
  }

  @AfterEach
  void close() throws Exception {
    node.close();
  }

  @Test
  void everyKindOfDecisionIsAuditedWithAnIdTimeAndCorrelation() {
    node.policy.decide("fetch", Request.host("log").withCorrelation("run-7"));
    node.policy.decide("fetch", Request.host("log").withCorrelation("run-7"));
    node.policy.decide("fetch", Request.spend(Currency.IPPC, 2_000_000));
    Decision a = node.policy.decide("fetch", Request.connect("a.example.com", 443));
    Decision b = node.policy.decide("fetch", Request.connect("b.example.com", 443));
    Decision c = node.policy.decide("fetch", Request.connect("c.example.com", 443));
    node.policy.answer(a.approvalId(), true);
    node.policy.answer(b.approvalId(), false);
    node.clock.advance(Duration.ofHours(1));
    node.policy.expire();
    node.commands.halt("stop");
    node.killSwitch.resume("test");

    List<JsonNode> lines = node.auditLines();
    assertThat(lines.stream().map(l -> l.path("event").asText()))
        .contains(
            "grant",
            "allow",
            "deny",
            "pending",
            "approved",
            "rejected",
            "expired",
            "halted",
            "resumed");
    for (JsonNode l : lines) {
      assertThat(l.path("id").asText()).isNotEmpty();
      assertThat(l.path("time").asText()).startsWith("2026-03-01T");
      assertThat(l.path("correlation").asText()).isNotEmpty();
    }
    JsonNode allow = node.audited("allow").get(0);
    assertThat(allow.path("subject").asText()).isEqualTo("fetch");
    assertThat(allow.path("capability").asText()).isEqualTo("host.log");
    assertThat(allow.path("correlation").asText()).isEqualTo("run-7");
    // Identical consecutive events are merged into one line with a count when the writer has not
    // written the first yet; either way the two decisions are both accounted for.
    int allowed =
        node.audited("allow").stream()
            .filter(l -> l.path("capability").asText().equals("host.log"))
            .mapToInt(l -> Math.max(1, l.path("count").asInt()))
            .sum();
    assertThat(allowed).isEqualTo(2);
    JsonNode deny = node.audited("deny").get(0);
    assertThat(deny.path("amount").asLong()).isEqualTo(2_000_000);
    assertThat(deny.path("reason").asText()).contains("per-call limit");
    assertThat(node.audited("approved").get(0).path("correlation").asText())
        .isEqualTo(a.approvalId());
    assertThat(node.audited("rejected").get(0).path("approval").asText()).isEqualTo(b.approvalId());
    assertThat(node.audited("expired").get(0).path("approval").asText()).isEqualTo(c.approvalId());
    assertThat(node.audited("halted").get(0).path("reason").asText()).isEqualTo("stop");
  }

  @Test
  void aCleanStopWritesEveryQueuedEvent() throws Exception {
    for (int i = 0; i < 5000; i++) {
      node.policy.decide("fetch", Request.host("f" + (i % 7)));
    }

    node.close();

    long written =
        new PolicyNode(node.root)
            .start().auditLines().stream()
                .filter(l -> l.path("event").asText().equals("allow"))
                .mapToLong(l -> l.path("count").asLong(1))
                .sum();
    assertThat(written).isEqualTo(5000);
  }

  @Test
  void theAuditCommandPrintsTheNewestLines() throws Exception {
    node.policy.decide("fetch", Request.host("one"));
    node.policy.decide("fetch", Request.host("two"));
    node.policy.decide("fetch", Request.host("three"));

    List<String> lines = node.commands.audit(2).lines().toList();

    assertThat(lines).hasSize(2);
    assertThat(lines.get(0)).contains("\"capability\":\"host.two\"");
    assertThat(lines.get(1)).contains("\"capability\":\"host.three\"");
    assertThat(node.commands.audit(1000).lines()).hasSize(6); // 3 grants, 3 decisions
  }
}
