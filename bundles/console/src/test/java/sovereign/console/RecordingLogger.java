package sovereign.console;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.osgi.service.log.Logger;

/** An OSGi {@link Logger} that keeps every line as "LEVEL message", for assertions. */
final class RecordingLogger {

  private static final Set<String> LEVELS = Set.of("trace", "debug", "info", "warn", "error");

  private final List<String> lines = new ArrayList<>();
  final Logger logger =
      (Logger)
          Proxy.newProxyInstance(
              Logger.class.getClassLoader(),
              new Class<?>[] {Logger.class},
              (proxy, method, args) -> {
                String name = method.getName();
                if (LEVELS.contains(name) && args != null && args[0] instanceof String) {
                  synchronized (lines) {
                    lines.add(name.toUpperCase(java.util.Locale.ROOT) + " " + args[0]);
                  }
                  return null;
                }
                if (name.startsWith("is") && method.getReturnType() == boolean.class) {
                  return true;
                }
                if (name.equals("getName")) {
                  return "test";
                }
                if (name.equals("toString")) {
                  return "RecordingLogger";
                }
                return null;
              });

  List<String> lines() {
    synchronized (lines) {
      return List.copyOf(lines);
    }
  }

  /** The lines at {@code level} (INFO, WARN, ...) that contain {@code fragment}. */
  List<String> find(String level, String fragment) {
    return lines().stream().filter(l -> l.startsWith(level + " ") && l.contains(fragment)).toList();
  }
}
