package sovereign.testing;

import java.lang.reflect.Proxy;
import java.util.Map;

/** Typed configurations as DS builds them: each attribute's default unless overridden. */
public final class Configs {

  private Configs() {}

  public static <T> T of(Class<T> type, Map<String, Object> overrides) {
    return type.cast(
        Proxy.newProxyInstance(
            type.getClassLoader(),
            new Class<?>[] {type},
            (proxy, method, args) ->
                switch (method.getName()) {
                  case "annotationType" -> type;
                  case "toString" -> type.getSimpleName() + overrides;
                  case "hashCode" -> System.identityHashCode(proxy);
                  case "equals" -> proxy == args[0];
                  default -> overrides.getOrDefault(method.getName(), method.getDefaultValue());
                }));
  }
}
