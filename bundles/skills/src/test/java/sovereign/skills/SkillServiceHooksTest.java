package sovereign.skills;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;
import static sovereign.skills.SkillMocks.context;
import static sovereign.skills.SkillMocks.plain;
import static sovereign.skills.SkillMocks.service;
import static sovereign.skills.SkillMocks.skill;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceEvent;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.hooks.service.ListenerHook.ListenerInfo;
import sovereign.testing.RecordingLogger;

class SkillServiceHooksTest {

  private final List<String> log = new ArrayList<>();
  private final SkillServiceHooks hooks = new SkillServiceHooks();

  private final Bundle snoop = skill(8, "snoop");
  private final Bundle greet = skill(7, "greet");
  private final Bundle ledgerBundle = plain(4, "sovereign.ledger");
  private final Bundle skillsBundle = plain(5, "sovereign.skills");

  private final ServiceReference<?> ledger = service(ledgerBundle, "sovereign.api.ledger.Ledger");
  private final ServiceReference<?> metering =
      service(ledgerBundle, "sovereign.api.ledger.Metering", "sovereign.api.skills.SkillHost");
  private final ServiceReference<?> host = service(skillsBundle, "sovereign.api.skills.SkillHost");
  private final ServiceReference<?> ownSkill = service(snoop, "sovereign.api.skills.Skill");
  private final ServiceReference<?> greetSkill = service(greet, "sovereign.api.skills.Skill");
  private final ServiceReference<?> ownOther = service(snoop, "java.lang.Runnable");
  private final ServiceReference<?> sub =
      service(skillsBundle, "sovereign.api.skills.internal.Thing");

  SkillServiceHooksTest() {
    hooks.logger = RecordingLogger.into(log);
  }

  private List<ServiceReference<?>> find(Bundle finder, ServiceReference<?>... refs) {
    List<ServiceReference<?>> list = new ArrayList<>(List.of(refs));
    hooks.find(context(finder), null, null, true, list);
    return list;
  }

  @Test
  void aSkillDoesNotFindTheLedger() {
    assertThat(find(snoop, ledger)).isEmpty();
    assertThat(log)
        .containsExactly(
            "INFO skill bundle sovereign.skill.snoop [8] may not see services"
                + " [[sovereign.api.ledger.Ledger]]: hidden from its lookup");
  }

  @Test
  void aSkillFindsItsOwnServicesAndTheSkillsApiOnes() {
    assertThat(find(snoop, ownSkill, ownOther, host, greetSkill))
        .containsExactly(ownSkill, ownOther, host, greetSkill);
    assertThat(log).isEmpty();
  }

  @Test
  void everyObjectClassMustBeInTheSkillsApi() {
    assertThat(find(snoop, metering, sub, host)).containsExactly(host);
    assertThat(find(snoop, service(skillsBundle))).isEmpty(); // no objectClass at all
  }

  @Test
  void aNonSkillBundleFindsEverything() {
    ServiceReference<?>[] all = {ledger, metering, host, ownSkill, greetSkill, sub};
    assertThat(find(ledgerBundle, all)).containsExactly(all);
    assertThat(find(plain(0, "org.apache.felix.framework"), all)).containsExactly(all);
    assertThat(log).isEmpty();
  }

  @Test
  void aStaleContextIsLeftAlone() {
    BundleContext stale = mock(BundleContext.class);
    when(stale.getBundle()).thenThrow(new IllegalStateException("invalid"));
    List<ServiceReference<?>> list = new ArrayList<>(List.of(ledger));
    hooks.find(stale, null, null, false, list);
    assertThat(list).containsExactly(ledger);
  }

  @Test
  void eventsOfHiddenServicesAreWithheldFromSkillListeners() {
    BundleContext snoopContext = context(snoop);
    BundleContext greetContext = context(greet);
    BundleContext ledgerContext = context(ledgerBundle);

    assertThat(deliver(ledger, snoopContext, greetContext, ledgerContext))
        .containsOnlyKeys(ledgerContext);
    assertThat(log).hasSize(2).allMatch(line -> line.startsWith("DEBUG skill bundle"));

    assertThat(deliver(host, snoopContext, greetContext, ledgerContext))
        .containsOnlyKeys(snoopContext, greetContext, ledgerContext);
    assertThat(deliver(ownSkill, snoopContext, greetContext, ledgerContext))
        .containsOnlyKeys(snoopContext, greetContext, ledgerContext);
    assertThat(deliver(ownOther, snoopContext, greetContext, ledgerContext))
        .containsOnlyKeys(snoopContext, ledgerContext);
    assertThat(deliver(metering, snoopContext, ledgerContext)).containsOnlyKeys(ledgerContext);
  }

  @Test
  void aNonSkillListenerIsToldEverything() {
    BundleContext ledgerContext = context(ledgerBundle);
    BundleContext skillsContext = context(skillsBundle);
    for (ServiceReference<?> ref : List.of(ledger, metering, host, ownSkill, sub)) {
      assertThat(deliver(ref, ledgerContext, skillsContext))
          .containsOnlyKeys(ledgerContext, skillsContext);
    }
    assertThat(log).isEmpty();
  }

  private Map<BundleContext, Collection<ListenerInfo>> deliver(
      ServiceReference<?> ref, BundleContext... contexts) {
    Map<BundleContext, Collection<ListenerInfo>> listeners = new HashMap<>();
    for (BundleContext c : contexts) {
      listeners.put(c, new ArrayList<>(List.of(mock(ListenerInfo.class))));
    }
    hooks.event(new ServiceEvent(ServiceEvent.REGISTERED, ref), listeners);
    return listeners;
  }
}
