package sovereign.mesh.gossip;

/**
 * Where the router sends RPCs: the transport encodes with {@link RpcCodec} and writes the frame on
 * the peer's stream. Called on the router's thread; must not call back into the router.
 */
@FunctionalInterface
public interface Outbox {

  /** Sends {@code rpc} to {@code peer}, best effort: a lost RPC is repaired by gossip. */
  void send(PeerKey peer, Rpc rpc);
}
