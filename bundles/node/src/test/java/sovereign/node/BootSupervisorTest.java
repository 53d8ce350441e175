package sovereign.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.util.Hashtable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Filter;

class BootSupervisorTest {

  /** A framework with one bundle declaring a core service that never comes up. */
  private static BundleContext contextWithMissingCoreService() throws Exception {
    Bundle bundle = mock(Bundle.class);
    Hashtable<String, String> headers = new Hashtable<>();
    headers.put(BootSupervisor.HEADER, "sovereign.api.test.Missing");
    headers.put("Bundle-SymbolicName", "sovereign.test");
    when(bundle.getHeaders("")).thenReturn(headers);
    when(bundle.getSymbolicName()).thenReturn("sovereign.test");
    when(bundle.getState()).thenReturn(Bundle.INSTALLED);
    BundleContext context = mock(BundleContext.class);
    when(context.getBundles()).thenReturn(new Bundle[] {bundle});
    when(context.createFilter(anyString())).thenReturn(mock(Filter.class));
    return context;
  }

  @Test
  void missingCoreServiceHaltsNamingItsBundleAndWhyItIsNotUp() throws Exception {
    CompletableFuture<String> halted = new CompletableFuture<>();
    try (BootSupervisor supervisor = new BootSupervisor(contextWithMissingCoreService(), () -> 0)) {
      supervisor.start(50, ms -> halted.complete("ready?"), halted::complete);
      assertThat(halted.get(10, TimeUnit.SECONDS))
          .contains("sovereign.api.test.Missing")
          .contains("sovereign.test INSTALLED, not resolved");
      assertThat(supervisor.status()).singleElement().satisfies(s -> assertThat(s.up()).isFalse());
    }
  }

  @Test
  void timeWaitingForTheOperatorDoesNotCountAgainstTheDeadline() throws Exception {
    CompletableFuture<String> halted = new CompletableFuture<>();
    try (BootSupervisor supervisor = new BootSupervisor(contextWithMissingCoreService(), () -> 0)) {
      supervisor.pause();
      supervisor.start(200, ms -> {}, halted::complete);
      Thread.sleep(800); // four deadlines, all of them spent waiting for the operator
      assertThat(halted).isNotDone();
      supervisor.resume();
      assertThat(halted.get(10, TimeUnit.SECONDS)).contains("not up within the boot deadline");
    }
  }

  @Test
  void bundlesWithoutCoreServicesMakeTheNodeReadyAtOnce() throws Exception {
    BundleContext context = mock(BundleContext.class);
    when(context.getBundles()).thenReturn(new Bundle[0]);
    CompletableFuture<Long> ready = new CompletableFuture<>();
    try (BootSupervisor supervisor = new BootSupervisor(context, () -> 42)) {
      supervisor.start(10_000, ready::complete, reason -> {});
      assertThat(ready.get(1, TimeUnit.SECONDS)).isEqualTo(42);
      assertThat(supervisor.readyAfter()).contains(42L);
    }
  }
}
