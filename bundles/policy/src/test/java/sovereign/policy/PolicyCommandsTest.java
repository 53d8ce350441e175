package sovereign.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sovereign.api.policy.Decision;
import sovereign.api.policy.Request;

class PolicyCommandsTest {

  @TempDir Path dir;

  private PolicyNode node;

  @BeforeEach
  void start() throws Exception {
    node = new PolicyNode(dir.resolve("node")).start();
  }

  @AfterEach
  void close() throws Exception {
    node.close();
  }

  @Test
  void grantListAndRevoke() throws Exception {
    assertThat(node.commands.list()).startsWith("no grants: every request is denied");

    assertThat(node.commands.grant("echo", "fs.read:**"))
        .isEqualTo("granted fs.read:** to echo (risk tier LOW); saved in " + node.grants.file());
    assertThat(node.commands.grant("echo", "net.connect:Example.com:443"))
        .isEqualTo(
            "granted net.connect:example.com:443 to echo (risk tier MEDIUM); saved in "
                + node.grants.file());
    node.commands.grant("echo", "!host.exec");

    assertThat(node.commands.list())
        .startsWith(
            "echo\n  fs.read:**  (LOW)\n  net.connect:example.com:443  (MEDIUM)\n  !host.exec\n")
        .contains("tiers: fs.read=LOW")
        .contains("(anything else)=HIGH");
    assertThat(node.commands.revoke("echo", "fs.read:**"))
        .startsWith("revoked fs.read:** from echo");
  }

  @Test
  void userErrorsQuoteTheInputAndSayWhatWouldWork() {
    assertThatThrownBy(() -> node.commands.grant("Echo!", "host.log"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("'Echo!' is not a subject name; use a skill name");
    assertThatThrownBy(() -> node.commands.grant("echo", "fs.read"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("'fs.read' needs a path pattern, e.g. fs.read:** for the whole sandbox");
    assertThatThrownBy(() -> node.commands.grant("echo", "ledger.spend:IPPC:5"))
        .hasMessageContaining("'ledger.spend:IPPC:5' is not a ledger.spend capability; write");
    assertThatThrownBy(() -> node.commands.check("echo", "net.connect:example.com"))
        .hasMessageContaining("'net.connect:example.com' needs a host and a port");
    assertThatThrownBy(() -> node.commands.approve("zzzz"))
        .hasMessageContaining("'zzzz' is not a waiting approval");
    assertThatThrownBy(() -> node.commands.audit(0))
        .hasMessageContaining("'0' lines cannot be shown");
  }

  @Test
  void checkSaysWhatWouldHappen() throws Exception {
    node.commands.grant("echo", "host.log");
    node.commands.grant("echo", "net.connect:*.example.com:443");

    assertThat(node.commands.check("echo", "host.log")).isEqualTo("ALLOW host.log");
    assertThat(node.commands.check("echo", "host.exec")).startsWith("DENY host.exec: not granted");
    assertThat(node.commands.check("echo", "net.connect:api.example.com:443"))
        .isEqualTo(
            "PENDING net.connect:api.example.com:443: would wait for the operator (risk tier MEDIUM)");
    assertThat(node.commands.pending()).isEqualTo("no request waits for approval");
  }

  @Test
  void pendingApproveAndDeny() throws Exception {
    node.commands.grant("echo", "net.connect:*.example.com:443");
    Decision a = node.policy.decide("echo", Request.connect("a.example.com", 443));
    node.clock.advance(java.time.Duration.ofSeconds(10));
    Decision b = node.policy.decide("echo", Request.connect("b.example.com", 443));

    assertThat(node.commands.pending().lines())
        .containsExactly(
            a.approvalId()
                + "  echo  net.connect:a.example.com:443  asked 2026-03-01T10:00:00Z, expires in 290 s",
            b.approvalId()
                + "  echo  net.connect:b.example.com:443  asked 2026-03-01T10:00:10Z, expires in 300 s");
    assertThat(node.commands.approve(a.approvalId()))
        .isEqualTo("approved " + a.approvalId() + ": echo net.connect:a.example.com:443");
    assertThat(node.commands.deny(b.approvalId())).startsWith("denied " + b.approvalId());
    assertThat(node.policy.decide("echo", Request.connect("a.example.com", 443)).allowed())
        .isTrue();
    assertThat(node.policy.decide("echo", Request.connect("b.example.com", 443)).allowed())
        .isFalse();
  }
}
