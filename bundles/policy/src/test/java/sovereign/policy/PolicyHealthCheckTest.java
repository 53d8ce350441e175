package sovereign.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sovereign.api.deploy.HealthResult;

/** The policy's health check on a running policy, a halted one, and broken files. */
class PolicyHealthCheckTest {

  @TempDir Path dir;

  private PolicyNode node;

  @AfterEach
  void close() throws Exception {
    node.close();
  }

  @Test
  void aRunningPolicyDeniesTheUngrantedRequestWithoutAuditingIt() throws Exception {
    PolicyHealthCheck check = check(new PolicyNode(dir).start());
    int audited = node.auditLines().size();

    long start = System.nanoTime();
    HealthResult result = check.check();

    assertThat(result.healthy()).as(result.detail()).isTrue();
    assertThat(result.detail())
        .startsWith(
            "policy ok: denies an ungranted request ('sovereign.health-check' has no grants")
        .contains("kill switch not thrown");
    assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(500);
    assertThat(node.auditLines()).as("no audit noise").hasSize(audited);
  }

  @Test
  void aThrownKillSwitchIsHealthyAndSaidSo() throws Exception {
    PolicyHealthCheck check = check(new PolicyNode(dir).start());
    node.killSwitch.halt("maintenance");

    HealthResult result = check.check();

    assertThat(result.healthy()).isTrue();
    assertThat(result.detail())
        .contains("the kill switch is thrown: maintenance")
        .contains("kill switch THROWN: maintenance");
  }

  @Test
  void aPolicyThatAllowsWhatNothingShouldGrantIsUnhealthy() throws Exception {
    PolicyHealthCheck check = check(new PolicyNode(dir).allLow().start());
    node.grant(PolicyHealthCheck.SUBJECT, "host.sovereign_health_never_granted");

    HealthResult result = check.check();

    assertThat(result.healthy()).isFalse();
    assertThat(result.detail())
        .startsWith(
            "the policy answers ALLOW to host.sovereign_health_never_granted for"
                + " sovereign.health-check");
  }

  @Test
  void aPolicyFileThatIsRefusedIsUnhealthy() throws Exception {
    PolicyHealthCheck check = check(new PolicyNode(dir).start());
    Files.writeString(node.grants.file(), "{\"grants\": {\"echo\": [\"fs.read:**\"]}, \"x\": 1}");

    HealthResult result = check.check();

    assertThat(result.healthy()).isFalse();
    assertThat(result.detail())
        .startsWith("the policy file " + node.grants.file() + " cannot be read or is refused")
        .contains("unknown key 'x'");
  }

  @Test
  void aKillSwitchFileThatDoesNotReadIsUnhealthy() throws Exception {
    PolicyHealthCheck check = check(new PolicyNode(dir).start());
    Files.writeString(node.killSwitch.file(), "{\"halted\": tru");

    HealthResult result = check.check();

    assertThat(result.healthy()).isFalse();
    assertThat(result.detail())
        .startsWith("the kill switch file " + node.killSwitch.file() + " cannot be read");
  }

  private PolicyHealthCheck check(PolicyNode started) {
    node = started;
    PolicyHealthCheck check = new PolicyHealthCheck();
    check.policy = node.policy;
    check.grants = node.grants;
    check.killSwitch = node.killSwitch;
    return check;
  }
}
