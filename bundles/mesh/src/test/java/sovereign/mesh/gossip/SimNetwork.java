package sovereign.mesh.gossip;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * An in-memory network of routers for tests: virtual time, a FIFO queue of frames (every RPC is
 * encoded and decoded, so the codec is on the path), optional per-message drop rules and rates, and
 * puppets (keys without a router) through which a test plays an attacker. No sockets, no sleeps, no
 * threads: deterministic for a given seed.
 */
final class SimNetwork {

  /** Decides whether a full message on a link is lost. */
  interface DropRule {
    boolean drop(PeerKey from, PeerKey to, GossipMessage m);
  }

  /** A router with what it delivered and whom it banned. */
  static final class Node {
    final PeerKey key;
    final GossipRouter router;
    final Map<MessageId, Integer> deliveries = new LinkedHashMap<>();
    final Map<PeerKey, String> bans = new LinkedHashMap<>();

    Node(PeerKey key, GossipRouter router) {
      this.key = key;
      this.router = router;
    }

    int deliveredCount(MessageId id) {
      return deliveries.getOrDefault(id, 0);
    }
  }

  /** A key with no router: what it receives is recorded, what it sends the test injects. */
  static final class Puppet {
    final Signer signer;
    final PeerKey key;
    final List<Rpc> received = new ArrayList<>();

    Puppet(Signer signer) {
      this.signer = signer;
      this.key = signer.publicKey();
    }

    List<GossipMessage> receivedMessages() {
      return received.stream().flatMap(r -> r.messages().stream()).toList();
    }

    List<Rpc.Prune> receivedPrunes() {
      return received.stream().flatMap(r -> r.prunes().stream()).toList();
    }

    List<Rpc.IWant> receivedIWants() {
      return received.stream().flatMap(r -> r.iwants().stream()).toList();
    }
  }

  private record Frame(PeerKey from, PeerKey to, byte[] bytes) {}

  final GossipParams params;
  final RpcCodec codec;
  final Random random;
  long now = 1_000_000;
  final Map<PeerKey, Node> nodes = new LinkedHashMap<>();
  final Map<PeerKey, Puppet> puppets = new LinkedHashMap<>();
  final Map<PeerKey, Signer> signers = new HashMap<>();
  private final Set<Set<PeerKey>> links = new HashSet<>();
  private final ArrayDeque<Frame> queue = new ArrayDeque<>();
  DropRule dropRule = (from, to, m) -> false;
  double dropRate;
  long framesDelivered;
  final Map<String, Integer> sentParts = new HashMap<>();

  SimNetwork(GossipParams params, long seed) {
    this.params = params;
    this.codec = RpcCodec.of(params);
    this.random = new Random(seed);
  }

  Signer newSigner() {
    byte[] seed = new byte[32];
    random.nextBytes(seed);
    return Ed25519.signer(seed);
  }

  Node addNode() {
    Signer signer = newSigner();
    PeerKey key = signer.publicKey();
    signers.put(key, signer);
    Node[] holder = new Node[1];
    GossipEnvironment env =
        new GossipEnvironment(
            signer,
            Ed25519.verifier(),
            (to, rpc) -> send(key, to, rpc),
            (id, m) -> holder[0].deliveries.merge(id, 1, Integer::sum),
            (peer, reason) -> holder[0].bans.put(peer, reason),
            () -> now,
            new Random(random.nextLong()));
    holder[0] = new Node(key, new GossipRouter(params, env));
    nodes.put(key, holder[0]);
    return holder[0];
  }

  List<Node> addNodes(int n) {
    List<Node> added = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      added.add(addNode());
    }
    return added;
  }

  Puppet addPuppet() {
    Puppet p = new Puppet(newSigner());
    puppets.put(p.key, p);
    return p;
  }

  void connect(Node a, Node b) {
    if (a != b && links.add(Set.of(a.key, b.key))) {
      a.router.addPeer(b.key);
      b.router.addPeer(a.key);
    }
  }

  void connect(Puppet p, Node n) {
    links.add(Set.of(p.key, n.key));
    n.router.addPeer(p.key);
  }

  void connectAll() {
    List<Node> all = new ArrayList<>(nodes.values());
    for (int i = 0; i < all.size(); i++) {
      for (int j = i + 1; j < all.size(); j++) {
        connect(all.get(i), all.get(j));
      }
    }
    run();
  }

  /** Each node dials {@code k} random others: a random graph of mean degree about 2k. */
  void connectRandom(int k) {
    List<Node> all = new ArrayList<>(nodes.values());
    for (Node a : all) {
      for (int i = 0; i < k; i++) {
        connect(a, all.get(random.nextInt(all.size())));
      }
    }
    run();
  }

  /** Takes a node off the network: every link closes on both sides. */
  void remove(Node n) {
    nodes.remove(n.key);
    for (Node other : nodes.values()) {
      if (links.remove(Set.of(n.key, other.key))) {
        other.router.removePeer(n.key);
        n.router.removePeer(other.key);
      }
    }
    queue.removeIf(f -> f.to().equals(n.key) || f.from().equals(n.key));
  }

  /** A puppet sends an RPC to a node (delivered at once, then the network runs). */
  void inject(Puppet from, Node to, Rpc rpc) {
    injectRaw(from, to, codec.encode(rpc));
  }

  void injectRaw(Puppet from, Node to, byte[] frame) {
    to.router.onFrame(from.key, frame);
    run();
  }

  void subscribeAll(String topic) {
    nodes.values().forEach(n -> n.router.subscribe(topic));
    run();
  }

  /** Delivers queued frames until none is left. */
  void run() {
    int steps = 0;
    while (!queue.isEmpty()) {
      if (++steps > 50_000) {
        throw new AssertionError("the network does not settle");
      }
      Frame f = queue.poll();
      Node to = nodes.get(f.to());
      if (to != null) {
        framesDelivered++;
        to.router.onFrame(f.from(), f.bytes());
      } else if (puppets.containsKey(f.to())) {
        try {
          puppets.get(f.to()).received.add(codec.decode(f.bytes()));
        } catch (MalformedRpcException e) {
          throw new AssertionError("a router sent a frame that does not decode", e);
        }
      }
    }
  }

  /** {@code n} heartbeat intervals of virtual time, each: every node beats, the network settles. */
  void heartbeats(int n) {
    for (int i = 0; i < n; i++) {
      now += params.heartbeatInterval().toMillis();
      for (Node node : new ArrayList<>(nodes.values())) {
        node.router.heartbeat();
      }
      run();
    }
  }

  /** A message signed by {@code signer} that claims {@code origin}: forged if they differ. */
  static GossipMessage message(
      Signer signer, String topic, PeerKey origin, long seqno, byte[] payload) {
    byte[] signature = signer.sign(SignedContent.bytes(topic, origin, seqno, payload));
    return new GossipMessage(topic, origin, seqno, payload, signature);
  }

  static Rpc rpcOf(GossipMessage... messages) {
    Rpc.Builder b = Rpc.builder();
    for (GossipMessage m : messages) {
      b.message(m);
    }
    return b.build();
  }

  private void send(PeerKey from, PeerKey to, Rpc rpc) {
    if (!links.contains(Set.of(from, to))) {
      throw new AssertionError(from + " sent to " + to + " with no link between them");
    }
    count(rpc);
    List<GossipMessage> kept = new ArrayList<>();
    for (GossipMessage m : rpc.messages()) {
      boolean lost = dropRule.drop(from, to, m) || (dropRate > 0 && random.nextDouble() < dropRate);
      if (!lost) {
        kept.add(m);
      }
    }
    Rpc sent =
        new Rpc(rpc.subscriptions(), kept, rpc.grafts(), rpc.prunes(), rpc.ihaves(), rpc.iwants());
    if (!sent.isEmpty()) {
      queue.add(new Frame(from, to, codec.encode(sent)));
    }
  }

  private void count(Rpc rpc) {
    sentParts.merge("message", rpc.messages().size(), Integer::sum);
    sentParts.merge("graft", rpc.grafts().size(), Integer::sum);
    sentParts.merge("prune", rpc.prunes().size(), Integer::sum);
    sentParts.merge("ihave", rpc.ihaves().size(), Integer::sum);
    sentParts.merge("iwant", rpc.iwants().size(), Integer::sum);
  }
}
