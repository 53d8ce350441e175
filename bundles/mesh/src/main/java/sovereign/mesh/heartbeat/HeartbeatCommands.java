package sovereign.mesh.heartbeat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.apache.felix.service.command.Descriptor;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** The {@code mesh:heartbeats} and {@code mesh:book} Gogo commands. */
@Component(
    service = HeartbeatCommands.class,
    property = {
      "osgi.command.scope=mesh",
      "osgi.command.function=heartbeats",
      "osgi.command.function=book"
    })
public final class HeartbeatCommands {

  @Reference Heartbeats heartbeats;

  @Descriptor(
      "list the peers heard beating: NodeID, connected, last beat age, beats missed, health,"
          + " version and ledger head")
  public String heartbeats() {
    List<PeerHeartbeat> rows = heartbeats.table();
    if (rows.isEmpty()) {
      return "no heartbeats heard yet (one every " + millis(heartbeats.interval()) + ")";
    }
    String row = "%-52s %-4s %9s %6s %6s %-12s %s%n";
    StringBuilder out = new StringBuilder();
    out.append(
        String.format(
            row, "PEER", "CONN", "LAST BEAT", "MISSED", "HEALTH", "VERSION", "LEDGER HEAD"));
    for (PeerHeartbeat p : rows) {
      out.append(
          String.format(
              Locale.ROOT,
              row,
              p.node(),
              p.connected() ? "yes" : "no",
              millis(p.lastBeatAge()) + " ago",
              p.missed(),
              String.format(Locale.ROOT, "%.2f", p.health()),
              p.nodeVersion(),
              p.ledgerHead()
                  .map(h -> h.sequence() + " " + h.hash().substring(0, 16) + "…")
                  .orElse("-")));
    }
    return out.toString();
  }

  @Descriptor("list the address book: the peer records heard, their addresses and expiry")
  public String book() {
    List<PeerRecord> records = heartbeats.addressBook();
    if (records.isEmpty()) {
      return "the address book is empty (peer records arrive on " + Heartbeats.PEERS_TOPIC + ")";
    }
    String row = "%-52s %-14s %-24s %s%n";
    StringBuilder out = new StringBuilder();
    out.append(String.format(row, "NODE", "SEQUENCE", "EXPIRES", "ADDRESSES"));
    for (PeerRecord r : records) {
      out.append(
          String.format(
              row,
              r.node(),
              r.sequence(),
              Instant.ofEpochMilli(r.expiresMillis()),
              r.addresses().stream()
                  .map(a -> a.getAddress().getHostAddress() + ":" + a.getPort())
                  .collect(Collectors.joining(", "))));
    }
    return out.toString();
  }

  private static String millis(Duration d) {
    return d.toMillis() + " ms";
  }
}
