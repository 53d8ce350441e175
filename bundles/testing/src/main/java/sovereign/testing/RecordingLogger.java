package sovereign.testing;

import java.lang.reflect.Proxy;
import java.util.List;
import org.osgi.service.log.Logger;

/** An R7 {@link Logger} that keeps each message, level first, with its {} filled in. */
public final class RecordingLogger {

  private RecordingLogger() {}

  public static Logger into(List<String> lines) {
    return (Logger)
        Proxy.newProxyInstance(
            Logger.class.getClassLoader(),
            new Class<?>[] {Logger.class},
            (proxy, method, args) -> {
              String name = method.getName();
              if (name.startsWith("is")) {
                return true;
              }
              if (args != null && args.length > 0 && args[0] instanceof String format) {
                StringBuilder out = new StringBuilder(name.toUpperCase() + " ");
                int arg = 1;
                for (int i = 0; i < format.length(); i++) {
                  if (format.startsWith("{}", i) && arg < args.length) {
                    Object value = args[arg++];
                    out.append(value instanceof Object[] a ? List.of(a) : value);
                    i++;
                  } else {
                    out.append(format.charAt(i));
                  }
                }
                lines.add(out.toString());
              }
              return name.equals("getName") ? "test" : null;
            });
  }
}
