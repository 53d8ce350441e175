package sovereign.mesh.discovery;

import java.lang.reflect.Proxy;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import sovereign.api.identity.NodeId;
import sovereign.api.mesh.Mesh;
import sovereign.api.mesh.MeshStatus;
import sovereign.api.mesh.PeerInfo;
import sovereign.mesh.transport.TestIdentity;

/**
 * A {@link Mesh} whose dials the test answers: each {@link Mesh#connect} is queued with a future
 * the test completes. Only what the dialers use is implemented.
 */
final class FakeMesh {

  record Dial(InetSocketAddress address, CompletableFuture<PeerInfo> result) {}

  final NodeId self = TestIdentity.random().nodeId();
  final Queue<Dial> dials = new ConcurrentLinkedQueue<>();
  final List<PeerInfo> peers = new CopyOnWriteArrayList<>();
  final Set<NodeId> banned = ConcurrentHashMap.newKeySet();
  volatile Optional<InetSocketAddress> listening =
      Optional.of(new InetSocketAddress("127.0.0.1", 4001));

  final Mesh mesh =
      (Mesh)
          Proxy.newProxyInstance(
              Mesh.class.getClassLoader(),
              new Class<?>[] {Mesh.class},
              (proxy, method, args) ->
                  switch (method.getName()) {
                    case "nodeId" -> self;
                    case "status" ->
                        new MeshStatus(listening, "fingerprint", peers.size(), List.of());
                    case "peers" -> List.copyOf(peers);
                    case "isBanned" -> banned.contains((NodeId) args[0]);
                    case "connect" -> {
                      CompletableFuture<PeerInfo> f = new CompletableFuture<>();
                      dials.add(new Dial((InetSocketAddress) args[0], f));
                      yield f;
                    }
                    case "toString" -> "FakeMesh";
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> throw new UnsupportedOperationException(method.getName());
                  });

  static PeerInfo peer(NodeId id, InetSocketAddress address) {
    return new PeerInfo(id, address, 0, 1, Instant.now());
  }
}
