package sovereign.node;

import java.util.LinkedHashMap;
import java.util.Map;
import sovereign.api.node.NodeControl;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Turns SIGTERM and SIGINT into a clean {@link NodeControl#shutdown}, so that a service manager's
 * stop ends with exit code 0 after the framework stopped, instead of the JVM's 143.
 */
final class SignalHandlers {

  private final Map<Signal, SignalHandler> previous = new LinkedHashMap<>();

  private SignalHandlers() {}

  /**
   * @param includeInterrupt also SIGINT; not with a console, where Ctrl-C belongs to the shell
   */
  static SignalHandlers install(NodeControl control, boolean includeInterrupt) {
    SignalHandlers handlers = new SignalHandlers();
    for (String name : includeInterrupt ? new String[] {"TERM", "INT"} : new String[] {"TERM"}) {
      Signal signal = new Signal(name);
      handlers.previous.put(
          signal, Signal.handle(signal, s -> control.shutdown("received SIG" + s.getName())));
    }
    return handlers;
  }

  void restore() {
    previous.forEach(Signal::handle);
  }
}
