package sovereign.mesh.discovery;

import java.net.InetSocketAddress;
import java.util.stream.Collectors;
import org.apache.felix.service.command.Descriptor;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** The {@code mesh:mdns} and {@code mesh:rendezvous} Gogo commands. */
@Component(
    service = DiscoveryCommands.class,
    property = {
      "osgi.command.scope=mesh",
      "osgi.command.function=mdns",
      "osgi.command.function=rendezvous"
    })
public final class DiscoveryCommands {

  @Reference MdnsDiscovery mdns;
  @Reference Rendezvous rendezvous;

  @Descriptor(
      "show rendezvous: the registrations this node holds as a point (namespace, node, observed"
          + " address, expiry), the points it registers with, and the nodes learnt from them")
  public String rendezvous() {
    StringBuilder out = new StringBuilder();
    if (rendezvous.serving()) {
      var held = rendezvous.registrations();
      out.append("serving as a rendezvous point: ")
          .append(held.size())
          .append(" registration(s)\n");
      long now = System.currentTimeMillis();
      for (RendezvousRegistry.Entry e : held) {
        out.append(
            String.format(
                "  %-16s %-52s %-22s expires in %d s%n",
                e.registration().namespace(),
                e.registration().node(),
                address(e.found().address()),
                Math.max(0, (e.expiresMillis() - now) / 1000)));
      }
    } else {
      out.append("not serving as a rendezvous point (serve=false)\n");
    }
    var points = rendezvous.points();
    if (points.isEmpty()) {
      out.append("no rendezvous points configured (points)\n");
      return out.toString();
    }
    out.append("namespace '").append(rendezvous.config().namespace()).append("', points:\n");
    for (Rendezvous.PointView p : points) {
      out.append(
          String.format(
              "  %-40s %-52s %s, %d found%n",
              p.point(), p.node().map(Object::toString).orElse("-"), p.state(), p.found()));
    }
    var candidates = rendezvous.candidates();
    out.append(candidates.size()).append(" node(s) learnt:\n");
    for (Rendezvous.CandidateView c : candidates) {
      out.append(
          String.format(
              "  %-52s %-22s via %s: %s%n", c.node(), address(c.address()), c.via(), c.state()));
    }
    return out.toString();
  }

  @Descriptor(
      "show mDNS discovery: what this node advertises on which interface (only the mesh port,"
          + " under a random name) and the instances found on the LAN, with their state")
  public String mdns() {
    if (!mdns.running()) {
      return "mDNS discovery is off ("
          + MdnsDiscovery.PID
          + (mdns.config() != null && mdns.config().enabled()
              ? ": no multicast interface)"
              : " enabled=false)");
    }
    StringBuilder out = new StringBuilder();
    out.append("service type ")
        .append(mdns.config().serviceType())
        .append(", instance ")
        .append(mdns.instance())
        .append(", host ")
        .append(mdns.host())
        .append(".local.\n");
    for (MdnsDiscovery.Advertisement a : mdns.advertisements()) {
      out.append("  on ")
          .append(a.address().getHostAddress())
          .append(": ")
          .append(a.port().map(p -> "advertising port " + p).orElse("not advertising"))
          .append('\n');
    }
    var found = mdns.dialer().found();
    if (found.isEmpty()) {
      out.append("no other instance found yet\n");
      return out.toString();
    }
    String row = "%-20s %-28s %-52s %s%n";
    out.append(String.format(row, "INSTANCE", "ADDRESSES", "NODE", "STATE"));
    for (MdnsDialer.Found f : found) {
      out.append(
          String.format(
              row,
              f.instance(),
              f.addresses().stream()
                  .map(DiscoveryCommands::address)
                  .collect(Collectors.joining(", ")),
              f.node().map(Object::toString).orElse("-"),
              f.state()));
    }
    out.append(
        String.format("%d dial(s), %d failed%n", mdns.dialer().dials(), mdns.dialer().failures()));
    return out.toString();
  }

  static String address(InetSocketAddress a) {
    String host = a.getAddress() == null ? a.getHostString() : a.getAddress().getHostAddress();
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + a.getPort();
  }
}
