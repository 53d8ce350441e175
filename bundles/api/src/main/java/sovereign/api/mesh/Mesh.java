package sovereign.api.mesh;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.osgi.annotation.versioning.ProviderType;
import sovereign.api.identity.NodeId;

/**
 * This node's view of the mesh: its peers, and topics to publish and subscribe to.
 *
 * <p>Subscriptions and validators belong to the service, not to one run of the mesh: they stay in
 * place while the mesh restarts (a new swarm key) and while the node runs alone.
 *
 * <p>Messages are delivered at most once per node while their id is remembered (two minutes by
 * default), in no particular order across publishers, and best effort: a node that is not connected
 * when a message is published does not get it later.
 */
@ProviderType
public interface Mesh {

  /** This node's ID, the one its peers see in the TLS handshake. */
  NodeId nodeId();

  /** Where the mesh listens, its swarm key, how many peers and which topics. */
  MeshStatus status();

  /** The connected peers, ordered by NodeID. */
  List<PeerInfo> peers();

  /**
   * Signs and publishes a message to every node subscribed to {@code topic}, including this one if
   * it subscribes.
   *
   * @return the message id, 64 hexadecimal digits (SHA-256 of the signed message)
   * @throws IllegalArgumentException for an empty topic, a topic over 256 UTF-8 bytes, or a payload
   *     over the limit (1 MiB by default)
   * @throws IllegalStateException if the node runs alone (no swarm key), or this topic's validator
   *     does not accept the message
   */
  String publish(String topic, byte[] payload);

  /**
   * Calls {@code handler} with every message of {@code topic}, from any node including this one,
   * until the returned subscription is closed. Handlers run one at a time on one mesh thread, never
   * on the network or gossip threads; a handler may publish.
   *
   * @throws IllegalArgumentException for an empty topic or one over 256 UTF-8 bytes
   */
  AutoCloseable subscribe(String topic, MessageHandler handler);

  /**
   * Sets the validator of {@code topic}, replacing any other, until the returned registration is
   * closed. Messages it does not {@link Verdict#ACCEPT} are neither delivered nor forwarded.
   */
  AutoCloseable registerValidator(String topic, TopicValidator validator);

  /**
   * Dials a node. The future completes with the peer once the connection passed every stage, or
   * fails with an exception whose message names the stage that failed (TCP, SWARM_KEY, TLS,
   * IDENTITY, ADMISSION).
   *
   * @throws IllegalStateException if the node runs alone
   */
  CompletableFuture<PeerInfo> connect(InetSocketAddress address);

  /**
   * Closes the connection to a peer; a bootstrap peer is dialled again later.
   *
   * @return false if the node was not connected
   */
  boolean disconnect(NodeId peer);

  /**
   * Disconnects a node and refuses its connections for {@code duration}. Bans are kept in {@code
   * <node>/data/mesh-bans.json} and survive a restart.
   *
   * @throws IllegalArgumentException if the duration is not positive, or the node is this one
   */
  void ban(NodeId peer, Duration duration);

  /**
   * Lifts a ban.
   *
   * @return false if the node was not banned
   */
  boolean unban(NodeId peer);

  /**
   * Whether this node refuses {@code peer} now (a ban in force). Dialers that learn of nodes (peer
   * exchange, rendezvous) ask first, rather than dial a node the handshake will refuse anyway.
   *
   * @since 1.1
   */
  boolean isBanned(NodeId peer);

  /**
   * Sends one request to a connected peer and completes with its response body. The peer answers
   * with the {@link RequestHandler} it {@linkplain #serve serves} under {@code protocol}. The
   * future completes on a mesh thread (not a network thread): a stage that follows it must not
   * block long.
   *
   * <p>It fails with a {@link MeshRequestException} whose {@link MeshRequestException#reason()}
   * says why: {@code NOT_CONNECTED}, {@code NO_HANDLER}, {@code HANDLER_FAILED} (with the remote
   * handler's message), {@code TIMEOUT}, {@code TOO_LARGE} (the response is over the limit, 1 MiB
   * by default) or {@code CLOSED} (the connection closed first). At most 64 requests to one peer
   * are under way at once; more fail with {@code HANDLER_FAILED} at once.
   *
   * @param protocol a name such as {@code /sovereign/blob/1}, 1 to 256 UTF-8 bytes
   * @throws IllegalArgumentException for a bad protocol name, a body over the request limit (1 MiB
   *     by default) or a timeout that is not positive
   * @throws IllegalStateException if the node runs alone (no swarm key)
   */
  CompletableFuture<byte[]> request(NodeId peer, String protocol, byte[] body, Duration timeout);

  /**
   * Answers the requests of {@code protocol} with {@code handler}, replacing any other, until the
   * returned registration is closed. Like subscriptions, it belongs to the service: it stays in
   * place while the mesh restarts and while the node runs alone.
   *
   * @throws IllegalArgumentException for a bad protocol name (see {@link #request})
   */
  AutoCloseable serve(String protocol, RequestHandler handler);
}
