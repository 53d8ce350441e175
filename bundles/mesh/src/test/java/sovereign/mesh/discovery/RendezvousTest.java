package sovereign.mesh.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sovereign.mesh.SwarmKey;
import sovereign.testing.Await;
import sovereign.testing.Configs;
import sovereign.testing.RecordingLogger;

/** Rendezvous between real mesh nodes on loopback: b and c know only the point a. */
class RendezvousTest {

  @TempDir Path dir;
  private final SwarmKey key = SwarmKey.generate();
  private final List<AutoCloseable> open = new ArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
  }

  private DiscNode node(String name) {
    DiscNode n = new DiscNode(dir, name, key);
    open.add(n);
    return n;
  }

  private Rendezvous rendezvous(DiscNode node, Map<String, Object> overrides) {
    Map<String, Object> config = new HashMap<>();
    config.put("refreshMillis", 300L);
    config.putAll(overrides);
    Rendezvous r = new Rendezvous();
    r.mesh = node.mesh();
    r.identity = node.identity();
    r.logger = RecordingLogger.into(node.log);
    r.activate(Configs.of(RendezvousConfig.class, config));
    open.add(r::deactivate);
    return r;
  }

  @Test
  void twoNodesThatKnowOnlyThePointRegisterDiscoverAndConnect() {
    DiscNode a = node("a");
    DiscNode b = node("b");
    DiscNode c = node("c");
    Rendezvous point = rendezvous(a, Map.of("serve", true));
    String where = a.id() + "@127.0.0.1:" + a.port();
    Rendezvous rb = rendezvous(b, Map.of("points", new String[] {where}));
    Rendezvous rc = rendezvous(c, Map.of("points", new String[] {"127.0.0.1:" + a.port()}));
    await(() -> b.connectedTo(c) && c.connectedTo(b), "b and c connected through the point");
    assertThat(point.registrations())
        .extracting(e -> e.registration().node())
        .containsExactlyInAnyOrder(b.id(), c.id());
    for (RendezvousRegistry.Entry e : point.registrations()) {
      // The point recorded the address it saw with the port the node announced.
      DiscNode n = e.registration().node().equals(b.id()) ? b : c;
      assertThat(e.found().address().getPort()).isEqualTo(n.port());
      assertThat(e.found().address().getAddress().isLoopbackAddress()).isTrue();
    }
    assertThat(rb.candidates()).extracting(Rendezvous.CandidateView::node).containsExactly(c.id());
    assertThat(rc.points()).singleElement().satisfies(p -> assertThat(p.node()).contains(a.id()));
    DiscoveryCommands commands = new DiscoveryCommands();
    commands.rendezvous = point;
    assertThat(commands.rendezvous())
        .contains("serving as a rendezvous point: 2 registration(s)")
        .contains(b.id().toString())
        .contains(c.id().toString());
    commands.rendezvous = rb;
    await(
        () ->
            commands.rendezvous().contains("registered for")
                && commands.rendezvous().contains(": connected"),
        "mesh:rendezvous on b shows it registered and c connected");
    assertThat(commands.rendezvous()).contains(c.id().toString());
    // b leaves: it unregisters at the point.
    rb.deactivate();
    open.remove(rb);
    assertThat(point.registrations())
        .extracting(e -> e.registration().node())
        .containsExactly(c.id());
  }

  @Test
  void aPointThatIsNotTheNodeNamedIsNotUsed() {
    DiscNode a = node("a");
    DiscNode b = node("b");
    DiscNode impostor = node("x");
    rendezvous(a, Map.of("serve", true));
    rendezvous(impostor, Map.of("serve", true));
    Rendezvous rb =
        rendezvous(b, Map.of("points", new String[] {a.id() + "@127.0.0.1:" + impostor.port()}));
    await(
        () -> rb.points().get(0).state().startsWith("failed"),
        "b refuses the node at the point's address");
    assertThat(rb.points().get(0).node()).isEmpty();
    assertThat(rb.points().get(0).state()).contains("not the point named");
  }

  @Test
  void aBannedNodeLearntFromThePointIsNotDialled() {
    DiscNode a = node("a");
    DiscNode b = node("b");
    DiscNode c = node("c");
    Rendezvous point = rendezvous(a, Map.of("serve", true));
    b.mesh().ban(c.id(), Duration.ofHours(1));
    Rendezvous rb = rendezvous(b, Map.of("points", new String[] {"127.0.0.1:" + a.port()}));
    rendezvous(c, Map.of("points", new String[] {"127.0.0.1:" + a.port()}));
    await(
        () -> rb.candidates().stream().anyMatch(x -> x.state().equals("banned here")),
        "b learnt c from the point and leaves it alone");
    assertThat(point.registrations()).hasSize(2);
    assertThat(b.connectedTo(c)).isFalse();
  }

  @Test
  void badSettingsAreRefused() {
    DiscNode a = node("a");
    assertThatThrownBy(() -> rendezvous(a, Map.of("points", new String[] {"nowhere"})))
        .hasMessageContaining("'nowhere' is not a rendezvous point");
    assertThatThrownBy(() -> rendezvous(a, Map.of("namespace", "")))
        .hasMessageContaining("namespace must not be empty");
    assertThatThrownBy(() -> rendezvous(a, Map.of("ttlSeconds", 1L, "refreshMillis", 5000L)))
        .hasMessageContaining("refreshMillis under the ttl");
  }

  static void await(BooleanSupplier condition, String what) {
    Await.until(condition, what, Duration.ofSeconds(30));
  }
}
