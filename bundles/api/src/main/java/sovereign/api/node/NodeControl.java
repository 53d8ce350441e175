package sovereign.api.node;

import org.osgi.annotation.versioning.ProviderType;

/** Stops the node, cleanly or because boot cannot go on. */
@ProviderType
public interface NodeControl {

  /** Exit code of a clean shutdown. */
  int EXIT_OK = 0;

  /** Exit code when boot halted: a failed identity check or a core service past its deadline. */
  int EXIT_HALTED = 2;

  /** Stops the node cleanly; the process exits with {@link #EXIT_OK}. Returns at once. */
  void shutdown(String reason);

  /**
   * Boot cannot go on. A headless node stops with {@link #EXIT_HALTED}; an interactive one keeps
   * its console so the operator can read the reason and act (e.g. {@code identity:rebind}).
   */
  void halt(String reason);

  /** The current boot state. */
  NodeStatus status();

  /**
   * Boot waits for a person, e.g. to type the key passphrase: the boot deadline stands still until
   * the returned handle is closed.
   */
  OperatorWait awaitOperator(String what);

  /** A wait for the operator; closing it lets the boot deadline run again. */
  interface OperatorWait extends AutoCloseable {
    @Override
    void close();
  }
}
