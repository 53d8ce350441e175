package sovereign.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mockito.ArgumentCaptor;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.log.Logger;
import sovereign.api.identity.NodeHome;
import sovereign.api.identity.NodeIdentity;
import sovereign.api.node.NodeControl;

class IdentityBootTest {

  @TempDir Path home;

  private final BundleContext context = mock(BundleContext.class);
  private final ServiceRegistration<NodeHome> homeRegistration = registration();
  private final ServiceRegistration<NodeIdentity> identityRegistration = registration();
  private final NodeControl control = mock(NodeControl.class);
  private final List<String> events = new ArrayList<>();

  @BeforeEach
  void registrationsAreRecorded() {
    when(context.registerService(eq(NodeHome.class), any(NodeHome.class), any()))
        .thenAnswer(
            call -> {
              events.add("NodeHome registered");
              return homeRegistration;
            });
    when(context.registerService(eq(NodeIdentity.class), any(NodeIdentity.class), any()))
        .thenAnswer(
            call -> {
              events.add("NodeIdentity registered");
              return identityRegistration;
            });
  }

  @Test
  void aMatchingMachineGetsNodeHomeThenNodeIdentityAndNoHalt() {
    IdentityBoot boot =
        activate(new TestLaunchOptions(home), Machines.ALPHA, ScriptedConsole.none());

    assertThat(events).containsExactly("NodeHome registered", "NodeIdentity registered");
    verify(control, never()).halt(anyString());
    ArgumentCaptor<NodeIdentity> identity = ArgumentCaptor.forClass(NodeIdentity.class);
    @SuppressWarnings("unchecked")
    ArgumentCaptor<Dictionary<String, Object>> properties =
        ArgumentCaptor.forClass(Dictionary.class);
    verify(context)
        .registerService(eq(NodeIdentity.class), identity.capture(), properties.capture());
    assertThat(properties.getValue().get(IdentityBoot.NODE_ID_PROPERTY))
        .isEqualTo(identity.getValue().nodeId().toString());
    assertThat(boot.outcome().identity()).containsSame((NodeIdentityService) identity.getValue());
  }

  @Test
  void aMismatchHaltsTheNodeAndNeverRegistersNodeIdentity() {
    activate(new TestLaunchOptions(home), Machines.ALPHA, ScriptedConsole.none()).deactivate();
    events.clear();

    activate(
        new TestLaunchOptions(home),
        Machines.with(Machines.ALPHA, "cpu", "other"),
        ScriptedConsole.none());

    assertThat(events).containsExactly("NodeHome registered");
    ArgumentCaptor<String> reason = ArgumentCaptor.forClass(String.class);
    verify(control).halt(reason.capture());
    assertThat(reason.getValue())
        .startsWith("hardware fingerprint does not match node 12D3KooW")
        .contains(": cpu changed.");
  }

  @Test
  void nodeHomeIsRegisteredBeforeThePassphraseIsAsked() {
    activate(new TestLaunchOptions(home).passphrase("pw"), Machines.ALPHA, ScriptedConsole.none())
        .deactivate();
    events.clear();
    TestLaunchOptions interactive = new TestLaunchOptions(home);
    interactive.headless = false;
    ConsolePrompt console =
        new ConsolePrompt() {
          @Override
          public boolean available() {
            return true;
          }

          @Override
          public char[] readPassword(String prompt) {
            events.add("passphrase asked");
            return "pw".toCharArray();
          }
        };

    activate(interactive, Machines.ALPHA, console);

    assertThat(events)
        .containsExactly("NodeHome registered", "passphrase asked", "NodeIdentity registered");
  }

  @Test
  void deactivationUnregistersBothServices() {
    IdentityBoot boot =
        activate(new TestLaunchOptions(home), Machines.ALPHA, ScriptedConsole.none());

    boot.deactivate();

    verify(identityRegistration).unregister();
    verify(homeRegistration).unregister();
    assertThat(boot.outcome()).isNull();
  }

  @Test
  void anInvalidScryptCostHaltsNamingTheConfiguration() {
    IdentityBoot boot = boot(new TestLaunchOptions(home), Machines.ALPHA, ScriptedConsole.none());

    boot.activate(context, config(40));

    verify(control)
        .halt("configuration sovereign.identity is invalid: scryptLogN: logN 40 is outside 10..22");
    assertThat(events).isEmpty();
  }

  @Test
  void anUnexpectedFailureStillHaltsWithAReason() {
    TestLaunchOptions broken = new TestLaunchOptions(null); // a LaunchOptions bug: no home
    IdentityBoot boot = boot(broken, Machines.ALPHA, ScriptedConsole.none());

    boot.activate(context, config(10));

    ArgumentCaptor<String> reason = ArgumentCaptor.forClass(String.class);
    verify(control).halt(reason.capture());
    assertThat(reason.getValue()).startsWith("identity boot failed unexpectedly: ");
    assertThat(events).isEmpty();
  }

  private IdentityBoot activate(
      TestLaunchOptions options, Map<String, String> machine, ConsolePrompt console) {
    IdentityBoot boot = boot(options, machine, console);
    boot.activate(context, config(10));
    return boot;
  }

  private IdentityBoot boot(
      TestLaunchOptions options, Map<String, String> machine, ConsolePrompt console) {
    IdentityBoot boot = new IdentityBoot();
    boot.options = options;
    boot.control = control;
    boot.logger = mock(Logger.class);
    boot.probe = () -> machine;
    boot.console = console;
    return boot;
  }

  private static IdentityConfig config(int scryptLogN) {
    IdentityConfig config = mock(IdentityConfig.class);
    when(config.scryptLogN()).thenReturn(scryptLogN);
    when(config.passphraseAttempts()).thenReturn(3);
    return config;
  }

  @SuppressWarnings("unchecked")
  private static <S> ServiceRegistration<S> registration() {
    return mock(ServiceRegistration.class);
  }
}
