package sovereign.deploy;

import org.osgi.framework.Bundle;

/** Bundle states by name, for operators. */
final class States {

  private States() {}

  static String name(int state) {
    return switch (state) {
      case Bundle.UNINSTALLED -> "UNINSTALLED";
      case Bundle.INSTALLED -> "INSTALLED";
      case Bundle.RESOLVED -> "RESOLVED";
      case Bundle.STARTING -> "STARTING";
      case Bundle.STOPPING -> "STOPPING";
      case Bundle.ACTIVE -> "ACTIVE";
      default -> "state " + state;
    };
  }
}
