package sovereign.mesh.gossip;

/**
 * The router's time source, in milliseconds on any fixed origin. Injected so that tests drive a
 * virtual clock; production passes {@code System::currentTimeMillis} or a monotonic equivalent.
 */
@FunctionalInterface
public interface Clock {

  /** Now, in milliseconds; never decreasing. */
  long nowMillis();
}
