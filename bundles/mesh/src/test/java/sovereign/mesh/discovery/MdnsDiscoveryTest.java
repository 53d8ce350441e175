package sovereign.mesh.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import javax.jmdns.JmDNS;
import javax.jmdns.ServiceInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sovereign.mesh.SwarmKey;
import sovereign.testing.Await;
import sovereign.testing.Configs;
import sovereign.testing.RecordingLogger;

/**
 * mDNS discovery over real multicast on the loopback interface (which carries multicast on Linux):
 * nodes that know nothing of each other find each other and connect. Each test uses a service type
 * of its own, so runs on one machine at the same time do not see each other.
 */
class MdnsDiscoveryTest {

  @TempDir Path dir;
  private final SwarmKey key = SwarmKey.generate();
  private final List<AutoCloseable> open = new ArrayList<>();
  private final String type = "_sv" + hex(5) + "._tcp.local.";

  @AfterEach
  void closeAll() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
  }

  private static String hex(int bytes) {
    byte[] b = new byte[bytes];
    new SecureRandom().nextBytes(b);
    return HexFormat.of().formatHex(b);
  }

  private DiscNode node(String name) {
    DiscNode n = new DiscNode(dir, name, key);
    open.add(n);
    return n;
  }

  private MdnsDiscovery mdns(DiscNode node, Map<String, Object> overrides) {
    Map<String, Object> config = new HashMap<>();
    config.put("serviceType", type);
    config.put("interfaces", new String[] {"127.0.0.1"});
    config.put("tickMillis", 100L);
    config.put("backoffMillis", 200L);
    config.putAll(overrides);
    MdnsDiscovery d = new MdnsDiscovery();
    d.mesh = node.mesh();
    d.logger = RecordingLogger.into(node.log);
    d.activate(Configs.of(MdnsConfig.class, config));
    open.add(d::deactivate);
    return d;
  }

  private static Set<String> jmdnsThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(Thread::isAlive)
        .map(Thread::getName)
        .filter(
            n ->
                n.startsWith("JmDNS")
                    || n.startsWith("SocketListener")
                    || n.equals(MdnsDiscovery.THREAD))
        .collect(Collectors.toSet());
  }

  @Test
  void twoNodesThatKnowNothingOfEachOtherConnectByMdnsAlone() {
    DiscNode a = node("a");
    DiscNode b = node("b");
    MdnsDiscovery da = mdns(a, Map.of());
    MdnsDiscovery db = mdns(b, Map.of());
    await(() -> a.connectedTo(b) && b.connectedTo(a), "a and b connected through mDNS");
    assertThat(da.dialer().dials() + db.dialer().dials()).isPositive();
    for (MdnsDiscovery d : List.of(da, db)) {
      // Each saw the other, never itself.
      assertThat(d.dialer().found())
          .extracting(MdnsDialer.Found::instance)
          .doesNotContain(d.instance());
    }
    DiscoveryCommands commands = new DiscoveryCommands();
    commands.mdns = da;
    await(() -> commands.mdns().contains("connected"), "mesh:mdns shows b connected");
    assertThat(commands.mdns())
        .contains("advertising port " + a.port())
        .contains(db.instance())
        .contains(b.id().toString());
  }

  @Test
  void advertisesOnlyThePortUnderRandomNamesAndLeavesNoThreadBehind() throws Exception {
    Set<String> before = jmdnsThreads();
    DiscNode a = node("a");
    MdnsDiscovery da = mdns(a, Map.of());
    await(
        () -> da.advertisements().stream().anyMatch(x -> x.port().isPresent()),
        "a advertises its port");
    ServiceInfo[] seen;
    try (JmDNS probe = JmDNS.create(InetAddress.getByName("127.0.0.1"), "probe" + hex(4))) {
      seen = probe.list(type, 10_000);
    }
    assertThat(seen).hasSize(1);
    ServiceInfo info = seen[0];
    assertThat(info.getPort()).isEqualTo(a.port());
    assertThat(info.getName()).isEqualTo(da.instance()).matches("[0-9a-f]{16}");
    assertThat(info.getServer()).isEqualToIgnoringCase(da.host() + ".local.");
    assertThat(info.getPropertyNames().hasMoreElements()).as("no TXT properties").isFalse();
    byte[] txt = info.getTextBytes();
    assertThat(txt.length <= 1 && (txt.length == 0 || txt[0] == 0)).as("empty TXT").isTrue();
    String everything =
        info.getQualifiedName() + info.getServer() + new String(txt, StandardCharsets.ISO_8859_1);
    assertThat(everything)
        .doesNotContain(a.id().toString())
        .doesNotContainIgnoringCase(InetAddress.getLocalHost().getHostName());
    // A new run draws new names.
    da.deactivate();
    open.remove(open.size() - 1);
    MdnsDiscovery again = mdns(a, Map.of());
    assertThat(again.instance()).isNotEqualTo(da.instance());
    assertThat(again.host()).isNotEqualTo(da.host());
    again.deactivate();
    open.remove(open.size() - 1);
    await(
        () -> {
          Set<String> now = jmdnsThreads();
          now.removeAll(before);
          return now.isEmpty();
        },
        "every mDNS thread gone after deactivation (left: " + jmdnsThreads() + ")");
  }

  @Test
  void offMeansNoThreadAndNoSocket() {
    Set<String> before = jmdnsThreads();
    DiscNode a = node("a");
    MdnsDiscovery d = mdns(a, Map.of("enabled", false));
    assertThat(d.running()).isFalse();
    assertThat(jmdnsThreads()).isEqualTo(before);
    DiscoveryCommands commands = new DiscoveryCommands();
    commands.mdns = d;
    assertThat(commands.mdns()).contains("off").contains("enabled=false");
  }

  @Test
  void badSettingsAreRefusedWithAReason() {
    DiscNode a = node("a");
    assertThatThrownBy(() -> mdns(a, Map.of("serviceType", "sovereign")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'sovereign' is not a DNS-SD type");
    assertThatThrownBy(() -> mdns(a, Map.of("interfaces", new String[] {"nosuchif0"})))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no network interface named 'nosuchif0'");
    assertThatThrownBy(() -> mdns(a, Map.of("interfaces", new String[] {"198.51.100.254"})))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not an address of this machine");
    assertThatThrownBy(() -> mdns(a, Map.of("backoffMillis", 0L)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must be positive");
  }

  static void await(BooleanSupplier condition, String what) {
    Await.until(condition, what, Duration.ofSeconds(60));
  }
}
