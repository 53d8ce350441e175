package sovereign.util;

import java.time.Duration;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A service of another bundle, held for a Declarative Services reference that is DYNAMIC, OPTIONAL
 * and GREEDY: a call made while the providing bundle is swapped waits for the new service (at most
 * {@link #DEFAULT_WAIT}) instead of failing, and the swap waits for the calls in flight on the old
 * service (at most {@link #DEFAULT_DRAIN}) before the old provider is deactivated. Feed it from the
 * reference's bind and unbind methods, e.g. {@code void bindLedger(Ledger l) { ledger.bind(l); }}.
 *
 * <p>Why draining in {@link #unbind} is safe (OSGi Core R8; Compendium R8, Declarative Services):
 *
 * <ul>
 *   <li>{@code ServiceRegistration.unregister()} (Core, its javadoc) removes the service from the
 *       registry, then delivers {@code ServiceEvent.UNREGISTERING} synchronously; SCR calls the
 *       unbind method of a consumer's dynamic reference while handling it, so {@link #unbind} runs
 *       on the unregistering thread, before {@code unregister()} returns.
 *   <li>SCR unregisters a component's service before it deactivates the component (112.5.3, state
 *       diagram of an immediate component; said outright for factory components in 112.5.5). While
 *       {@link #unbind} blocks, the old provider is still active and the calls leased on it finish;
 *       its deactivate method (112.5.16) runs after.
 *   <li>On a greedy or replacing rebind SCR binds the new service first, then unbinds the old one
 *       (112.3.2 Method Injection, 112.5.12 Bound Service Replacement): unbind keeps the new one.
 * </ul>
 */
public final class Awaited<T> {

  /** How long {@link #lease} waits for a service by default. */
  public static final Duration DEFAULT_WAIT = Duration.ofSeconds(5);

  /** How long {@link #unbind} waits for the leases on the outgoing service by default. */
  public static final Duration DEFAULT_DRAIN = Duration.ofSeconds(5);

  /** What {@link #unbind} did: how long it waited, and how many leases were still open. */
  public record Unbound(Duration waited, int abandoned) {}

  /** A service pinned while open: an unbind of it waits until the lease is closed. */
  public static final class Lease<T> implements AutoCloseable {
    private final Awaited<T> owner;
    private final T service;
    private boolean open = true;

    private Lease(Awaited<T> owner, T service) {
      this.owner = owner;
      this.service = service;
    }

    public T get() {
      return service;
    }

    /** Unpins the service; closing twice does nothing. */
    @Override
    public void close() {
      owner.release(this);
    }
  }

  /** Leases taken together by {@link #leaseAll}, closed together. */
  public static final class Leases implements AutoCloseable {
    private final ArrayList<Lease<?>> leases = new ArrayList<>();

    /** The service leased from {@code holder}; throws if it is not among these. */
    @SuppressWarnings("unchecked")
    public <T> T get(Awaited<T> holder) {
      return (T) leases.stream().filter(l -> l.owner == holder).findFirst().orElseThrow().service;
    }

    @Override
    public void close() {
      leases.forEach(Lease::close);
    }
  }

  private final String name;
  private final Duration wait;
  private final Duration drain;
  private final IdentityHashMap<T, int[]> leases = new IdentityHashMap<>();
  private T current;

  /** A holder of {@code type} with the default wait and drain times. */
  public Awaited(Class<T> type) {
    this(type.getSimpleName(), DEFAULT_WAIT, DEFAULT_DRAIN);
  }

  /** A holder with its own times; {@code name} names the service in messages. */
  public Awaited(String name, Duration wait, Duration drain) {
    this.name = Objects.requireNonNull(name, "name");
    this.wait = Objects.requireNonNull(wait, "wait");
    this.drain = Objects.requireNonNull(drain, "drain");
  }

  /** From the DS bind method: {@code service} is the one calls get from now on; wakes waiters. */
  public synchronized void bind(T service) {
    current = Objects.requireNonNull(service, name);
    notifyAll();
  }

  /**
   * From the DS unbind method: new calls no longer get {@code service} (they wait for the next
   * binding unless one came first), and this returns once every lease on it is closed or the drain
   * time has passed. Never throws; an interrupt ends the wait and is kept.
   */
  public synchronized Unbound unbind(T service) {
    long start = System.nanoTime();
    if (current == service) {
      current = null;
    }
    long left;
    while (leases.containsKey(service)
        && (left = start + drain.toNanos() - System.nanoTime()) > 0) {
      try {
        TimeUnit.NANOSECONDS.timedWait(this, left);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    int open = leases.containsKey(service) ? leases.get(service)[0] : 0;
    return new Unbound(Duration.ofNanos(System.nanoTime() - start), open);
  }

  /**
   * Pins the bound service, waiting for one up to the wait time; close the lease when done. Throws
   * IllegalStateException if none was bound in time or the wait was interrupted (the flag is kept).
   */
  public Lease<T> lease() {
    return lease(System.nanoTime() + wait.toNanos(), true);
  }

  /** {@link #lease}, {@code call} on the service, and the lease closed. */
  public <R> R call(Function<? super T, ? extends R> call) {
    try (Lease<T> lease = lease()) {
      return call.apply(lease.get());
    }
  }

  /**
   * A lease on each holder's service or, if one does not come in its holder's wait time, none: it
   * holds no lease while it waits, so that a swap of one provider never waits for a caller that
   * itself waits for another provider. Throws IllegalStateException naming the one that did not.
   */
  public static Leases leaseAll(Awaited<?>... holders) {
    long start = System.nanoTime();
    while (true) {
      Leases taken = new Leases();
      for (Awaited<?> holder : holders) {
        Lease<?> lease = holder.lease(0, false);
        if (lease == null) {
          taken.close();
          holder.lease(start + holder.wait.toNanos(), true).close();
          break;
        }
        taken.leases.add(lease);
      }
      if (taken.leases.size() == holders.length) {
        return taken;
      }
    }
  }

  private synchronized Lease<T> lease(long deadline, boolean waiting) {
    long left;
    while (current == null && waiting && (left = deadline - System.nanoTime()) > 0) {
      try {
        TimeUnit.NANOSECONDS.timedWait(this, left);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for " + name, e);
      }
    }
    if (current == null) {
      if (waiting) {
        String why = " ms: its bundle is stopped or being updated";
        throw new IllegalStateException("no " + name + " for " + wait.toMillis() + why);
      }
      return null;
    }
    leases.computeIfAbsent(current, s -> new int[1])[0]++;
    return new Lease<>(this, current);
  }

  private synchronized void release(Lease<T> lease) {
    if (lease.open) {
      lease.open = false;
      if (--leases.get(lease.service)[0] == 0) {
        leases.remove(lease.service);
      }
      notifyAll();
    }
  }
}
