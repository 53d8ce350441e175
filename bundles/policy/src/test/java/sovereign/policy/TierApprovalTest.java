package sovereign.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sovereign.api.policy.Decision;
import sovereign.api.policy.Request;
import sovereign.api.policy.RiskTier;
import sovereign.testing.Configs;

class TierApprovalTest {

  @TempDir Path dir;

  private PolicyNode node;
  private final Request fetch = Request.connect("api.example.com", 443);

  @BeforeEach
  void start() throws Exception {
    node = new PolicyNode(dir.resolve("node"));
    node.config.put(
        "tiers",
        new String[] {"fs.read=LOW", "net.connect=MEDIUM", "host.*=LOW", "host.exec=HIGH"});
    node.config.put("approvalTimeoutSeconds", 60L);
    node.config.put("answerValiditySeconds", 600L);
    node.start().grant("fetch", "fs.read:**", "net.connect:*.example.com:443", "host.*");
  }

  @AfterEach
  void close() throws Exception {
    node.close();
  }

  @Test
  void lowRunsWhenGrantedHighIsAlwaysRefused() {
    assertThat(node.policy.decide("fetch", Request.fsRead("a.txt"))).isSameAs(Decision.ALLOW);
    assertThat(node.policy.decide("fetch", Request.host("exec")).reason())
        .isEqualTo("host.exec is in risk tier HIGH: refused until the tier table changes");
    assertThat(node.policy.tier("host.exec")).isEqualTo(RiskTier.HIGH);
    assertThat(node.policy.tier("mesh.publish")).isEqualTo(RiskTier.HIGH);
  }

  @Test
  void aTierTableChangeTakesEffectAtOnce() {
    node.policy.configure(
        Configs.of(PolicyConfig.class, Map.of("tiers", new String[] {"host.*=LOW"})));

    assertThat(node.policy.decide("fetch", Request.host("exec"))).isSameAs(Decision.ALLOW);
  }

  @Test
  void mediumWaitsForTheOperatorAndAnApprovalAllowsTheSameRequest() {
    Decision first = node.policy.decide("fetch", fetch);
    Decision again = node.policy.decide("fetch", fetch.withCorrelation("run-2"));

    assertThat(first.verdict()).isEqualTo(Decision.Verdict.PENDING);
    assertThat(again.approvalId()).isEqualTo(first.approvalId());
    assertThat(node.policy.approvals.pending()).hasSize(1);

    node.policy.answer(first.approvalId(), true);

    assertThat(node.policy.decide("fetch", fetch)).isSameAs(Decision.ALLOW);
    assertThat(node.policy.decide("fetch", Request.connect("other.example.com", 443)).verdict())
        .isEqualTo(Decision.Verdict.PENDING);
    node.clock.advance(Duration.ofSeconds(601));
    node.policy.expire();
    assertThat(node.policy.decide("fetch", fetch).verdict()).isEqualTo(Decision.Verdict.PENDING);
  }

  @Test
  void aDeniedRequestStaysRefusedForTheValidityTime() {
    Decision pending = node.policy.decide("fetch", fetch);

    node.policy.answer(pending.approvalId(), false);

    assertThat(node.policy.decide("fetch", fetch).reason())
        .isEqualTo("denied by the operator (approval " + pending.approvalId() + ")");
    assertThat(node.policy.approvals.pending()).isEmpty();
  }

  @Test
  void anUnansweredRequestExpiresAsDenied() throws Exception {
    Decision pending = node.policy.decide("fetch", fetch);
    CompletableFuture<Decision> waiting = node.policy.approvals.get(pending.approvalId()).answer();

    node.clock.advance(Duration.ofSeconds(59));
    node.policy.expire();
    assertThat(node.policy.approvals.pending()).hasSize(1);
    node.clock.advance(Duration.ofSeconds(1));
    node.policy.expire();

    assertThat(node.policy.approvals.pending()).isEmpty();
    assertThat(waiting.get(10, TimeUnit.SECONDS).reason())
        .isEqualTo("approval " + pending.approvalId() + " expired unanswered");
    assertThat(node.policy.answer(pending.approvalId(), true)).isNull();
    assertThat(node.audited(AuditEvent.EXPIRED)).hasSize(1);
  }

  @Test
  void awaitAnswerReturnsTheApprovalOrStillPendingAfterItsTimeout() throws Exception {
    Decision pending = node.policy.decide("fetch", fetch);

    assertThat(node.policy.awaitAnswer(pending.approvalId(), Duration.ofMillis(20)).verdict())
        .isEqualTo(Decision.Verdict.PENDING);
    CompletableFuture<Decision> waiting =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return node.policy.awaitAnswer(pending.approvalId(), Duration.ofSeconds(30));
              } catch (InterruptedException e) {
                throw new IllegalStateException(e);
              }
            });
    for (int i = 0; i < 2000 && !blocked(pending); i++) {
      Thread.sleep(5);
    }
    node.policy.answer(pending.approvalId(), true);
    assertThat(waiting.get(10, TimeUnit.SECONDS)).isSameAs(Decision.ALLOW);
    assertThat(node.policy.awaitAnswer("nosuch", Duration.ZERO).reason())
        .contains("no approval 'nosuch' is waiting");
  }

  @Test
  void tooManyWaitingApprovalsAreRefused() throws Exception {
    node.close();
    node.config.put("maxPending", 2);
    node.start();

    node.policy.decide("fetch", Request.connect("a.example.com", 443));
    node.policy.decide("fetch", Request.connect("b.example.com", 443));

    assertThat(node.policy.decide("fetch", Request.connect("c.example.com", 443)).reason())
        .isEqualTo("2 approvals already wait for the operator (policy:pending)");
  }

  /** Whether a thread waits on the approval's answer. */
  private boolean blocked(Decision pending) {
    Approvals.Pending p = node.policy.approvals.get(pending.approvalId());
    return p != null && p.answer().getNumberOfDependents() > 0;
  }
}
