package sovereign.node;

import java.util.Formatter;
import org.apache.felix.service.command.Descriptor;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import sovereign.api.node.CoreServiceStatus;
import sovereign.api.node.NodeControl;
import sovereign.api.node.NodeStatus;

/** Gogo commands {@code node:status} and {@code node:shutdown}. */
@Component(
    service = NodeCommands.class,
    property = {
      "osgi.command.scope=node",
      "osgi.command.function=status",
      "osgi.command.function=shutdown"
    })
public class NodeCommands {

  @Reference NodeControl control;

  @Descriptor("Show the node's state and each core service the boot waits for")
  public String status() {
    NodeStatus status = control.status();
    StringBuilder out = new StringBuilder();
    Formatter f = new Formatter(out);
    f.format("state: %s", status.state());
    status
        .readyAfterMillis()
        .ifPresent(ms -> f.format(" (all core services up %d ms after JVM start)", ms));
    status.reason().ifPresent(r -> f.format("%nreason: %s", r));
    f.format("%n%-40s %-22s %-5s %s%n", "CORE SERVICE", "BUNDLE", "UP", "UP AFTER");
    for (CoreServiceStatus s : status.coreServices()) {
      f.format(
          "%-40s %-22s %-5s %s%n",
          s.service(),
          s.bundle(),
          s.up() ? "yes" : "no",
          s.upAfterMillis().map(ms -> ms + " ms").orElse("-"));
    }
    return out.toString().stripTrailing();
  }

  @Descriptor("Stop the node cleanly; the process exits with code 0")
  public String shutdown() {
    control.shutdown("node:shutdown from the shell");
    return "node stopping";
  }
}
