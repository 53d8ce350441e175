package sovereign.mesh.discovery;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import javax.jmdns.JmDNS;
import javax.jmdns.ServiceEvent;
import javax.jmdns.ServiceInfo;
import javax.jmdns.ServiceListener;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;
import org.osgi.service.metatype.annotations.Designate;
import sovereign.api.mesh.Mesh;
import sovereign.api.mesh.MeshStatus;

/**
 * Finds the nodes of the LAN by mDNS / DNS-SD (JmDNS), configuration PID {@value #PID}, see {@link
 * MdnsConfig}.
 *
 * <p><b>What is advertised</b> is what a port scan of the LAN shows anyway: that something listens
 * on the mesh port of this address. The service instance and the mDNS host name are random, drawn
 * anew at every activation, so they neither identify the node nor link its runs; there is no TXT
 * data (an empty TXT record, as DNS-SD requires), no NodeID and no version. The service type does
 * name the software; it is configurable. The node's real identity is proven only inside the
 * swarm-key gate, to nodes holding the key.
 *
 * <p>The advertisement follows the mesh: on each interface, the mesh port is advertised while the
 * mesh runs and listens on that interface's address or on a wildcard, and withdrawn otherwise.
 * Instances found are handed to an {@link MdnsDialer}, which dials them through {@link
 * Mesh#connect}. Everything but JmDNS's own threads runs on one thread ({@value #THREAD}).
 */
@Component(service = MdnsDiscovery.class, immediate = true, configurationPid = MdnsDiscovery.PID)
@Designate(ocd = MdnsConfig.class)
public final class MdnsDiscovery {

  /** The configuration PID. */
  public static final String PID = "sovereign.mesh.mdns";

  /** The thread that advertises and dials. */
  static final String THREAD = "sovereign-mesh-mdns";

  /** A DNS-SD service type (RFC 6763): a service name of 1 to 15 characters, TCP, in .local. */
  private static final Pattern SERVICE_TYPE =
      Pattern.compile(
          "_[a-z0-9]([a-z0-9-]{0,13}[a-z0-9])?\\._tcp\\.local\\.", Pattern.CASE_INSENSITIVE);

  @Reference Mesh mesh;

  @Reference(service = LoggerFactory.class)
  Logger logger;

  private final List<Responder> responders = new CopyOnWriteArrayList<>();
  private MdnsConfig config;
  private MdnsDialer dialer;
  private ScheduledExecutorService timer;
  private String instance = "";
  private String host = "";

  /** JmDNS on one address, and what it advertises; touched on the discovery thread. */
  private static final class Responder {
    final InetAddress address;
    final JmDNS jmdns;
    volatile ServiceInfo advertised;

    Responder(InetAddress address, JmDNS jmdns) {
      this.address = address;
      this.jmdns = jmdns;
    }
  }

  /** One line of mesh:mdns about an interface. */
  record Advertisement(InetAddress address, Optional<Integer> port) {}

  @Activate
  synchronized void activate(MdnsConfig config) {
    if (!SERVICE_TYPE.matcher(config.serviceType()).matches()) {
      throw new IllegalArgumentException(
          PID
              + ": serviceType '"
              + config.serviceType()
              + "' is not a DNS-SD type like _sovereign-mesh._tcp.local. (a name of 1 to 15"
              + " letters, digits and hyphens)");
    }
    if (config.backoffMillis() <= 0 || config.backoffMaxMillis() <= 0 || config.tickMillis() <= 0) {
      throw new IllegalArgumentException(
          PID + ": backoffMillis, backoffMaxMillis and tickMillis must be positive");
    }
    List<InetAddress> addresses = addresses(config.interfaces());
    this.config = config;
    this.dialer =
        new MdnsDialer(
            mesh, logger, System::nanoTime, config.backoffMillis(), config.backoffMaxMillis());
    if (!config.enabled()) {
      logger.info("mDNS discovery is off ({} enabled=false)", PID);
      return;
    }
    if (addresses.isEmpty()) {
      logger.info("mDNS discovery: no interface is up and multicast-capable; nothing to do");
      return;
    }
    SecureRandom random = new SecureRandom();
    instance = randomLabel(random);
    host = randomLabel(random);
    dialer.ownInstance(instance);
    timer =
        Executors.newSingleThreadScheduledExecutor(
            task -> {
              Thread t = new Thread(task, THREAD);
              t.setDaemon(true);
              return t;
            });
    timer.execute(() -> open(addresses));
    timer.scheduleWithFixedDelay(
        this::tick, config.tickMillis(), config.tickMillis(), TimeUnit.MILLISECONDS);
  }

  private static String randomLabel(SecureRandom random) {
    byte[] b = new byte[8];
    random.nextBytes(b);
    return HexFormat.of().formatHex(b);
  }

  @Deactivate
  synchronized void deactivate() {
    if (timer == null) {
      return;
    }
    timer.shutdownNow();
    try {
      timer.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    timer = null;
    for (Responder r : responders) {
      try {
        r.jmdns.unregisterAllServices();
        r.jmdns.close(); // Sends the goodbyes and stops JmDNS's threads.
      } catch (IOException | RuntimeException e) {
        logger.warn("mDNS: cannot close on {}: {}", r.address, e.toString());
      }
    }
    responders.clear();
    joinJmdnsThreads();
  }

  /** JmDNS names its threads after its host name; wait for them so none outlives the bundle. */
  private void joinJmdnsThreads() {
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (t.getName().contains("(" + host + ")") && t != Thread.currentThread()) {
        try {
          t.join(5000);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
        if (t.isAlive()) {
          logger.warn("mDNS: JmDNS thread {} did not stop within 5 s", t.getName());
        }
      }
    }
  }

  /**
   * The addresses to run mDNS on.
   *
   * @throws IllegalArgumentException naming an entry that is neither an interface nor an address of
   *     this machine
   */
  static List<InetAddress> addresses(String[] configured) {
    List<InetAddress> out = new ArrayList<>();
    try {
      if (configured.length == 0) {
        for (NetworkInterface nif : Collections.list(NetworkInterface.getNetworkInterfaces())) {
          if (nif.isUp() && nif.supportsMulticast() && !nif.isLoopback() && !nif.isVirtual()) {
            firstIpv4(nif).ifPresent(out::add);
          }
        }
        return out;
      }
      for (String entry : configured) {
        String s = entry.strip();
        if (s.matches("[0-9.]+") || s.contains(":")) {
          InetAddress a = InetAddress.getByName(s);
          if (!a.isLoopbackAddress() && NetworkInterface.getByInetAddress(a) == null) {
            throw new IllegalArgumentException(
                PID + ": interfaces: '" + entry + "' is not an address of this machine");
          }
          out.add(a);
        } else {
          NetworkInterface nif = NetworkInterface.getByName(s);
          if (nif == null) {
            throw new IllegalArgumentException(
                PID + ": interfaces: there is no network interface named '" + entry + "'");
          }
          Optional<InetAddress> a = firstIpv4(nif);
          if (a.isEmpty()) {
            a = Collections.list(nif.getInetAddresses()).stream().findFirst();
          }
          out.add(
              a.orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          PID + ": interfaces: '" + entry + "' has no IP address")));
        }
      }
    } catch (SocketException | UnknownHostException e) {
      throw new IllegalArgumentException(PID + ": cannot read the interfaces: " + e, e);
    }
    return out;
  }

  private static Optional<InetAddress> firstIpv4(NetworkInterface nif) {
    return Collections.list(nif.getInetAddresses()).stream()
        .filter(a -> a instanceof Inet4Address && !a.isLinkLocalAddress())
        .findFirst();
  }

  // ---- the discovery thread ----

  private void open(List<InetAddress> addresses) {
    for (InetAddress a : addresses) {
      try {
        JmDNS jmdns = JmDNS.create(a, host);
        jmdns.addServiceListener(config.serviceType(), new Listener());
        responders.add(new Responder(a, jmdns));
        logger.info("mDNS discovery on {} ({})", a.getHostAddress(), config.serviceType());
      } catch (IOException | RuntimeException e) {
        logger.warn("mDNS: cannot start on {}: {}", a.getHostAddress(), e.toString());
      }
    }
  }

  private void tick() {
    try {
      MeshStatus status = mesh.status();
      for (Responder r : responders) {
        advertise(r, status);
      }
      dialer.tick();
    } catch (RuntimeException e) {
      logger.warn("mDNS discovery: {}", e.toString(), e);
    }
  }

  /** The port to advertise on {@code address}: the mesh's, if it listens there. */
  static Optional<Integer> port(MeshStatus status, InetAddress address) {
    return status
        .listening()
        .filter(l -> l.getAddress().isAnyLocalAddress() || l.getAddress().equals(address))
        .map(InetSocketAddress::getPort);
  }

  private void advertise(Responder r, MeshStatus status) {
    Optional<Integer> port = port(status, r.address);
    int now = r.advertised == null ? 0 : r.advertised.getPort();
    if (port.orElse(0) == now) {
      return;
    }
    if (r.advertised != null) {
      r.jmdns.unregisterService(r.advertised);
      r.advertised = null;
      logger.info("mDNS: no longer advertising on {}", r.address.getHostAddress());
    }
    if (port.isPresent()) {
      ServiceInfo info = ServiceInfo.create(config.serviceType(), instance, port.get(), "");
      try {
        r.jmdns.registerService(info);
      } catch (IOException e) {
        logger.warn("mDNS: cannot advertise on {}: {}", r.address.getHostAddress(), e.toString());
        return;
      }
      r.advertised = info;
      dialer.ownInstance(info.getName()); // JmDNS renames an instance on a name conflict.
      logger.info(
          "mDNS: advertising port {} on {} as {}",
          port.get(),
          r.address.getHostAddress(),
          info.getQualifiedName());
    }
  }

  /** JmDNS's callbacks, on its threads. */
  private final class Listener implements ServiceListener {
    @Override
    public void serviceAdded(ServiceEvent event) {
      // Only a name so far: ask for its address and port, which arrive in serviceResolved.
      event.getDNS().requestServiceInfo(event.getType(), event.getName(), 1);
    }

    @Override
    public void serviceRemoved(ServiceEvent event) {
      dialer.gone(event.getName());
    }

    @Override
    public void serviceResolved(ServiceEvent event) {
      ServiceInfo info = event.getInfo();
      if (info == null || info.getPort() <= 0) {
        return;
      }
      List<InetSocketAddress> addresses = new ArrayList<>();
      for (InetAddress a : info.getInetAddresses()) {
        addresses.add(new InetSocketAddress(a, info.getPort()));
      }
      dialer.seen(event.getName(), addresses);
    }
  }

  // ---- for the shell and tests ----

  /** Whether mDNS runs (enabled, with at least one interface). */
  boolean running() {
    return timer != null;
  }

  /** This run's random instance name; empty when off. */
  String instance() {
    return instance;
  }

  /** This run's random mDNS host name; empty when off. */
  String host() {
    return host;
  }

  MdnsConfig config() {
    return config;
  }

  List<Advertisement> advertisements() {
    List<Advertisement> out = new ArrayList<>();
    for (Responder r : responders) {
      ServiceInfo info = r.advertised;
      out.add(new Advertisement(r.address, Optional.ofNullable(info).map(ServiceInfo::getPort)));
    }
    return out;
  }

  MdnsDialer dialer() {
    return dialer;
  }
}
