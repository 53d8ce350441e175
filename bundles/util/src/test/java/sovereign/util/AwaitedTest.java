package sovereign.util;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The holder as DS drives it, with threads standing in for callers and for SCR. */
class AwaitedTest {

  /** A service; its name says which provider it came from. */
  record Service(String name) {}

  private final Service a = new Service("a");
  private final Service b = new Service("b");

  @Test
  void aCallWaitsForTheServiceToBeBound() throws Exception {
    Awaited<Service> holder = new Awaited<>(Service.class);
    CompletableFuture<String> call =
        CompletableFuture.supplyAsync(() -> holder.call(Service::name));
    Thread.sleep(150);
    assertThat(call).isNotDone();

    holder.bind(a);

    assertThat(call.get(2, TimeUnit.SECONDS)).isEqualTo("a");
  }

  @Test
  void aCallThatWaitsInVainFailsNamingTheServiceAndTheTime() {
    Awaited<Service> holder = holder(Duration.ofMillis(100), Duration.ofSeconds(5));
    long start = System.nanoTime();

    assertThatThrownBy(() -> holder.call(Service::name))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("no Service for 100 ms: its bundle is stopped or being updated");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(millis(100));
  }

  @Test
  void anUnbindWaitsForTheLeasesOnTheOutgoingServiceAndNewCallsWaitForTheNextOne()
      throws Exception {
    Awaited<Service> holder = new Awaited<>(Service.class);
    holder.bind(a);
    Awaited.Lease<Service> inFlight = holder.lease();
    CompletableFuture<Awaited.Unbound> unbind =
        CompletableFuture.supplyAsync(() -> holder.unbind(a));
    Thread.sleep(150);
    assertThat(unbind).as("the unbind waits for the lease").isNotDone();
    CompletableFuture<String> next =
        CompletableFuture.supplyAsync(() -> holder.call(Service::name));
    Thread.sleep(50);
    assertThat(next).as("a new call does not get the outgoing service").isNotDone();

    assertThat(inFlight.get()).isSameAs(a);
    inFlight.close();

    Awaited.Unbound unbound = unbind.get(2, TimeUnit.SECONDS);
    assertThat(unbound.waited()).isGreaterThanOrEqualTo(millis(150));
    assertThat(unbound.abandoned()).isZero();
    holder.bind(b);
    assertThat(next.get(2, TimeUnit.SECONDS)).isEqualTo("b");
  }

  @Test
  void anUnbindGivesUpAfterTheDrainTimeAndSaysHowManyLeasesWereOpen() {
    Awaited<Service> holder = holder(Duration.ofMillis(100), Duration.ofMillis(200));
    holder.bind(a);
    Awaited.Lease<Service> stuck = holder.lease();
    holder.lease().close();

    Awaited.Unbound unbound = holder.unbind(a);

    assertThat(unbound.waited()).isBetween(millis(200), millis(2000));
    assertThat(unbound.abandoned()).isEqualTo(1);
    assertThatThrownBy(holder::lease).hasMessageStartingWith("no Service for 100 ms");
    stuck.close();
    stuck.close(); // twice does nothing
  }

  @Test
  void aGreedyReplacementWhileIdleSwitchesAtOnce() {
    Awaited<Service> holder = new Awaited<>(Service.class);
    holder.bind(a);
    holder.lease().close();

    holder.bind(b); // SCR binds the better service first,
    Awaited.Unbound unbound = holder.unbind(a); // then unbinds the outgoing one

    assertThat(unbound.waited()).isLessThan(millis(100));
    assertThat(holder.call(Service::name)).isEqualTo("b");
  }

  @Test
  void aGreedyReplacementWaitsForTheOldLeasesWhileNewCallsUseTheNewService() throws Exception {
    Awaited<Service> holder = new Awaited<>(Service.class);
    holder.bind(a);
    Awaited.Lease<Service> inFlight = holder.lease();

    holder.bind(b);
    CompletableFuture<Awaited.Unbound> unbind =
        CompletableFuture.supplyAsync(() -> holder.unbind(a));

    assertThat(holder.call(Service::name)).isEqualTo("b");
    Thread.sleep(100);
    assertThat(unbind).isNotDone();
    inFlight.close();
    assertThat(unbind.get(2, TimeUnit.SECONDS).abandoned()).isZero();
    assertThat(holder.call(Service::name)).as("the unbind of a kept b").isEqualTo("b");
  }

  @Test
  void leasingSeveralHoldsNoneWhileItWaitsForOne() throws Exception {
    Awaited<Service> first = new Awaited<>(Service.class);
    Awaited<Service> second = new Awaited<>("Second", Duration.ofSeconds(5), Duration.ofSeconds(5));
    first.bind(a);
    CompletableFuture<Awaited.Leases> both =
        CompletableFuture.supplyAsync(() -> Awaited.leaseAll(first, second));
    Thread.sleep(100);
    assertThat(both).isNotDone();

    assertThat(first.unbind(a).waited())
        .as("the waiting caller holds no lease on the first service")
        .isLessThan(millis(100));
    first.bind(b);
    second.bind(a);

    try (Awaited.Leases leases = both.get(2, TimeUnit.SECONDS)) {
      assertThat(leases.get(first)).isSameAs(b);
      assertThat(leases.get(second)).isSameAs(a);
      CompletableFuture<Awaited.Unbound> unbind =
          CompletableFuture.supplyAsync(() -> second.unbind(a));
      Thread.sleep(100);
      assertThat(unbind).as("leases taken together pin their services").isNotDone();
    }
  }

  @Test
  void leasingSeveralFailsNamingTheOneThatDidNotCome() {
    Awaited<Service> first = new Awaited<>(Service.class);
    Awaited<Service> second = holder(Duration.ofMillis(100), Duration.ofSeconds(5));
    first.bind(a);

    assertThatThrownBy(() -> Awaited.leaseAll(first, second))
        .hasMessage("no Service for 100 ms: its bundle is stopped or being updated");
    assertThat(first.unbind(a).abandoned()).as("nothing stays leased").isZero();
  }

  private static Awaited<Service> holder(Duration wait, Duration drain) {
    return new Awaited<>("Service", wait, drain);
  }

  private static Duration millis(long millis) {
    return Duration.ofMillis(millis);
  }
}
