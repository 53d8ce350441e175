package sovereign.skills;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import com.dylibso.chicory.wabt.Wat2Wasm;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.log.Logger;
import sovereign.api.deploy.HealthResult;
import sovereign.testing.Configs;

/** The skills host's health check: the built-in module, the runtime, the extender. */
class SkillsHealthCheckTest {

  private final SkillHostService host = new SkillHostService();
  private final SkillsHealthCheck check = new SkillsHealthCheck();
  private boolean hostActive;

  @BeforeEach
  void activate() {
    BundleContext context = mock(BundleContext.class);
    when(context.getBundles()).thenReturn(new Bundle[0]);
    host.logger = mock(Logger.class);
    host.activate(context, Configs.of(SkillsConfig.class, Map.of()));
    hostActive = true;
    check.host = host;
  }

  @AfterEach
  void deactivate() {
    if (hostActive) {
      host.deactivate();
    }
  }

  @Test
  void theBuiltInModuleIsTheOneItsCommentGives() {
    assertThat(SkillsHealthCheck.ANSWER)
        .isEqualTo(Wat2Wasm.parse("(module (func (export \"answer\") (result i32) i32.const 42))"));
  }

  @Test
  void aRunningHostIsHealthyAndTheCheckIsFast() {
    check.activate();
    check.check(); // warm up

    long start = System.nanoTime();
    HealthResult result = check.check();

    assertThat(result.healthy()).as(result.detail()).isTrue();
    assertThat(result.detail())
        .startsWith("skills ok: a compiled WASM module answers 42; the extender tracks");
    assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(100);
  }

  @Test
  void aClosedExtenderIsUnhealthy() {
    check.activate();
    host.deactivate();
    hostActive = false;

    HealthResult result = check.check();

    assertThat(result.healthy()).isFalse();
    assertThat(result.detail()).startsWith("the skill extender is closed");
  }

  @Test
  void aModuleThatDoesNotCompileIsUnhealthy() {
    check.wasm = new byte[] {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x7f};
    check.activate();

    HealthResult result = check.check();

    assertThat(result.healthy()).isFalse();
    assertThat(result.detail())
        .startsWith("the WASM runtime cannot compile the built-in test module");
  }

  @Test
  void aWrongAnswerIsUnhealthy() {
    check.wasm = Wat2Wasm.parse("(module (func (export \"answer\") (result i32) i32.const 41))");
    check.activate();

    HealthResult result = check.check();

    assertThat(result.healthy()).isFalse();
    assertThat(result.detail()).endsWith("got 41, not 42");
  }
}
