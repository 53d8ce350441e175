package sovereign.skills;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;
import static sovereign.skills.SkillMocks.context;
import static sovereign.skills.SkillMocks.plain;
import static sovereign.skills.SkillMocks.skill;
import static sovereign.skills.SkillMocks.system;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import sovereign.testing.RecordingLogger;

class SkillBundleFindHookTest {

  private final List<String> log = new ArrayList<>();
  private final SkillBundleFindHook hook = new SkillBundleFindHook();

  private final Bundle system = system();
  private final Bundle ledger = plain(4, "sovereign.ledger");
  private final Bundle greet = skill(7, "greet");
  private final Bundle snoop = skill(8, "snoop");

  SkillBundleFindHookTest() {
    hook.logger = RecordingLogger.into(log);
  }

  private List<Bundle> find(BundleContext context, Bundle... bundles) {
    List<Bundle> list = new ArrayList<>(List.of(bundles));
    hook.find(context, list);
    return list;
  }

  @Test
  void aSkillSeesOnlyItselfAndTheSystemBundle() {
    assertThat(find(context(snoop), system, ledger, greet, snoop)).containsExactly(system, snoop);
    assertThat(log)
        .containsExactly(
            "INFO skill bundle sovereign.skill.snoop [8] may not see bundles"
                + " [sovereign.ledger [4], sovereign.skill.greet [7]]: hidden");
  }

  @Test
  void getBundleOfAnotherIdFindsNothing() {
    assertThat(find(context(snoop), ledger)).isEmpty();
    assertThat(find(context(snoop), system)).containsExactly(system);
    assertThat(find(context(snoop), snoop)).containsExactly(snoop);
  }

  @Test
  void aNonSkillBundleSeesEverything() {
    assertThat(find(context(ledger), system, ledger, greet, snoop))
        .containsExactly(system, ledger, greet, snoop);
    assertThat(log).isEmpty();
  }

  @Test
  void aStaleContextIsLeftAlone() {
    BundleContext stale = mock(BundleContext.class);
    when(stale.getBundle()).thenThrow(new IllegalStateException("invalid"));
    assertThat(find(stale, system, ledger)).containsExactly(system, ledger);
  }
}
