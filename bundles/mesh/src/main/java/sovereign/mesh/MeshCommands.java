package sovereign.mesh;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.felix.service.command.Descriptor;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import sovereign.api.identity.NodeId;
import sovereign.api.mesh.MeshStatus;
import sovereign.api.mesh.PeerInfo;
import sovereign.mesh.gossip.RouterView;
import sovereign.mesh.heartbeat.Heartbeats;
import sovereign.mesh.heartbeat.PeerHeartbeat;
import sovereign.mesh.transport.Diagnosis;

/** The {@code mesh:*} Gogo commands. */
@Component(
    service = MeshCommands.class,
    property = {
      "osgi.command.scope=mesh",
      "osgi.command.function=status",
      "osgi.command.function=peers",
      "osgi.command.function=connect",
      "osgi.command.function=disconnect",
      "osgi.command.function=topics",
      "osgi.command.function=publish",
      "osgi.command.function=ban",
      "osgi.command.function=unban",
      "osgi.command.function=bans",
      "osgi.command.function=diag",
      "osgi.command.function=keygen",
      "osgi.command.function=restart"
    })
public final class MeshCommands {

  @Reference MeshService mesh;

  /** Optional: without the heartbeat component, mesh:peers shows no last beat. */
  @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
  volatile Heartbeats heartbeats;

  @Descriptor("show this node's mesh: NodeID, listening address, swarm key, peers and topics")
  public String status() {
    MeshStatus s = mesh.status();
    StringBuilder out = new StringBuilder();
    out.append("node:      ").append(mesh.nodeId()).append('\n');
    out.append("listening: ")
        .append(s.listening().map(a -> a.getHostString() + ":" + a.getPort()).orElse("no"))
        .append('\n');
    out.append("swarm key: ").append(s.swarmKey()).append('\n');
    if (!s.running()) {
      out.append("why:       ").append(mesh.notRunning()).append('\n');
    }
    out.append("peers:     ").append(s.peers()).append('\n');
    out.append("topics:    ").append(s.topics().isEmpty() ? "-" : String.join(", ", s.topics()));
    return out.toString();
  }

  @Descriptor(
      "list the connected peers: NodeID, address, gossip score, latency (the TLS handshake's round"
          + " trip), since when, and how long ago its last heartbeat arrived")
  public String peers() {
    List<PeerInfo> peers = mesh.peers();
    if (peers.isEmpty()) {
      return mesh.status().running()
          ? "no peers connected (mesh:connect host:port dials one)"
          : "no peers: the mesh is not running: " + mesh.notRunning();
    }
    String row = "%-52s %-22s %8s %8s  %-10s %s%n";
    StringBuilder out = new StringBuilder();
    out.append(String.format(row, "ID", "ADDRESS", "SCORE", "LATENCY", "CONNECTED", "LAST BEAT"));
    Instant now = mesh.clock.instant();
    Heartbeats beats = heartbeats;
    Map<NodeId, Duration> lastBeat =
        beats == null
            ? Map.of()
            : beats.table().stream()
                .collect(Collectors.toMap(PeerHeartbeat::node, PeerHeartbeat::lastBeatAge));
    for (PeerInfo p : peers) {
      out.append(
          String.format(
              Locale.ROOT,
              row,
              p.nodeId(),
              p.address().getHostString() + ":" + p.address().getPort(),
              String.format(Locale.ROOT, "%.2f", p.score()),
              p.handshakeRttMillis() + " ms",
              Durations.format(Duration.between(p.connectedSince(), now)) + " ago",
              lastBeat.containsKey(p.nodeId())
                  ? lastBeat.get(p.nodeId()).toMillis() + " ms ago"
                  : "-"));
    }
    return out.toString();
  }

  @Descriptor("dial a node and wait until it is connected, or say which stage failed")
  public String connect(
      @Descriptor("host:port, or NodeID@host:port to insist on that node") String address) {
    Target target = Target.parse(address);
    try {
      PeerInfo p = mesh.connect(target).get(30, TimeUnit.SECONDS);
      return "connected to "
          + p.nodeId()
          + " at "
          + target.address().getHostString()
          + ":"
          + target.address().getPort()
          + " (handshake "
          + p.handshakeRttMillis()
          + " ms)";
    } catch (ExecutionException e) {
      throw new IllegalStateException(
          "cannot connect to "
              + target
              + ": "
              + e.getCause().getMessage()
              + " (mesh:diag "
              + address.strip()
              + " says more)",
          e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException("no answer from " + target + " within 30 s", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  @Descriptor("close the connection to a peer (a bootstrap peer is dialled again later)")
  public String disconnect(@Descriptor("the peer's NodeID, as mesh:peers shows it") String id) {
    NodeId node = NodeId.parse(id);
    if (!mesh.disconnect(node)) {
      throw new IllegalArgumentException(
          "'" + id + "' is not connected; mesh:peers lists the connected nodes");
    }
    return "disconnected " + node;
  }

  @Descriptor("list the topics: subscribed or not, mesh peers, fanout peers, known subscribers")
  public String topics() {
    RouterView view = mesh.view();
    if (view.topics().isEmpty()) {
      return "no topics: nothing subscribes on this node yet";
    }
    String row = "%-32s %-10s %5s %7s %12s%n";
    StringBuilder out = new StringBuilder();
    out.append(String.format(row, "TOPIC", "SUBSCRIBED", "MESH", "FANOUT", "SUBSCRIBERS"));
    for (RouterView.TopicView t : view.topics()) {
      out.append(
          String.format(
              row,
              t.topic(),
              t.subscribed() ? "yes" : "no",
              t.mesh().size(),
              t.fanout().size(),
              t.knownSubscribers()));
    }
    return out.toString();
  }

  @Descriptor("publish a text message (UTF-8) to a topic; prints the message id")
  public String publish(
      @Descriptor("the topic") String topic, @Descriptor("the text to publish") String text) {
    return mesh.publish(topic, text.getBytes(StandardCharsets.UTF_8));
  }

  @Descriptor("ban a node for the configured time (banSeconds): disconnect it and refuse it")
  public String ban(@Descriptor("the NodeID to ban") String id) {
    return ban(id, mesh.config().banSeconds() + "s");
  }

  @Descriptor("ban a node for a while: disconnect it and refuse its connections")
  public String ban(
      @Descriptor("the NodeID to ban") String id,
      @Descriptor("how long: a number and a unit, like 30s, 10m, 2h or 1d") String duration) {
    NodeId node = NodeId.parse(id);
    Duration d = Durations.parse(duration);
    mesh.ban(node, d);
    return "banned "
        + node
        + " for "
        + Durations.format(d)
        + " (until "
        + mesh.clock.instant().plus(d)
        + ")";
  }

  @Descriptor("lift a ban")
  public String unban(@Descriptor("the banned NodeID") String id) {
    NodeId node = NodeId.parse(id);
    if (!mesh.unban(node)) {
      throw new IllegalArgumentException(
          "'" + id + "' is not banned; mesh:bans lists the banned nodes");
    }
    return "lifted the ban on " + node;
  }

  @Descriptor("list the banned nodes, until when and why")
  public String bans() {
    List<BanList.Ban> bans = mesh.bans().list();
    if (bans.isEmpty()) {
      return "no node is banned";
    }
    StringBuilder out = new StringBuilder();
    String row = "%-52s %-24s %s%n";
    out.append(String.format(row, "ID", "UNTIL", "REASON"));
    for (BanList.Ban b : bans) {
      out.append(String.format(row, b.node(), b.until(), b.reason()));
    }
    return out.toString();
  }

  @Descriptor(
      "dial an address and say how far the connection got: TCP, SWARM_KEY, TLS, IDENTITY,"
          + " ADMISSION or OK, and the round-trip time")
  public String diag(
      @Descriptor("host:port, or NodeID@host:port to check that node answers") String address) {
    Target target = Target.parse(address);
    Diagnosis.Report r = mesh.diagnose(target);
    String stage = r.connected() ? "OK" : r.stage() + " failed";
    return stage
        + "\n"
        + r.message()
        + r.peer().map(p -> "\npeer: " + p).orElse("")
        + "\nrtt:  "
        + r.rtt().map(d -> d.toMillis() + " ms (TCP connect)").orElse("-")
        + "\ntook: "
        + r.elapsed().toMillis()
        + " ms";
  }

  @Descriptor(
      "make a swarm key for a new swarm in <node>/data/swarm.key (mode 0600) and restart the"
          + " mesh with it")
  public String keygen() {
    Path file = mesh.swarmKeyFile();
    SwarmKey key = SwarmKey.generate();
    try {
      Files.createDirectories(file.getParent());
      key.writeNew(file);
    } catch (FileAlreadyExistsException e) {
      throw new IllegalStateException(
          file
              + " exists already: this node is in a swarm, and a new key would cut it off. To"
              + " move it to another swarm, copy that swarm's swarm.key over this file and run"
              + " mesh:restart; to start a new swarm, delete the file first and run mesh:keygen"
              + " again");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
    }
    mesh.restart();
    return "wrote "
        + file
        + " (fingerprint "
        + key.fingerprint()
        + ")\ncopy this same file to <node>/data/swarm.key on every node of the swarm"
        + " (keep it secret: whoever holds it can join), then run mesh:restart there.\n"
        + "the mesh on this node restarted with the new key: "
        + mesh.status().listening().map(a -> "listening on " + a).orElse(mesh.notRunning());
  }

  @Descriptor("re-read <node>/data/swarm.key and restart the mesh (after copying a key in)")
  public String restart() {
    mesh.restart();
    return status();
  }
}
