package sovereign.mesh.gossip;

import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Everything the router talks to, so it can run against a real transport or an in-memory simulation
 * with a virtual clock and a seeded random source (the router's only sources of non-determinism are
 * {@code clock} and {@code random}).
 *
 * @param signer signs what we publish; its key is our identity in the mesh
 * @param verifier checks message signatures
 * @param outbox sends RPCs to peers
 * @param delivery hands messages to local subscribers
 * @param banListener told when a peer is banned
 * @param clock time, in milliseconds
 * @param random peer selection for meshes, fanout and gossip
 */
public record GossipEnvironment(
    Signer signer,
    SignatureVerifier verifier,
    Outbox outbox,
    Delivery delivery,
    BanListener banListener,
    Clock clock,
    RandomGenerator random) {

  /** Checks that nothing is missing. */
  public GossipEnvironment {
    Objects.requireNonNull(signer, "signer");
    Objects.requireNonNull(verifier, "verifier");
    Objects.requireNonNull(outbox, "outbox");
    Objects.requireNonNull(delivery, "delivery");
    Objects.requireNonNull(banListener, "banListener");
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(random, "random");
  }
}
