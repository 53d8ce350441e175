package sovereign.itest;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.osgi.test.common.annotation.InjectService;
import sovereign.api.node.NodeControl;
import sovereign.api.policy.Policy;
import sovereign.api.policy.Request;

/** The policy bundle in Felix, as a core service of the node. */
class PolicyInFrameworkTest {

  @Test
  void nothingIsAllowedThatWasNotGranted(@InjectService(timeout = 20_000) Policy policy) {
    assertThat(policy.decide("itest-skill", Request.host("log")).allowed()).isFalse();
    assertThat(policy.decide("itest-skill", Request.fsRead("notes.txt")).allowed()).isFalse();
  }

  @Test
  void policyIsACoreServiceTheBootWaitsFor(
      @InjectService(timeout = 20_000) Policy policy,
      @InjectService(timeout = 20_000) NodeControl control) {
    assertThat(control.status().coreServices())
        .anySatisfy(
            s -> {
              assertThat(s.service()).isEqualTo(Policy.class.getName());
              assertThat(s.bundle()).isEqualTo("sovereign.policy");
              assertThat(s.up()).isTrue();
            });
  }
}
