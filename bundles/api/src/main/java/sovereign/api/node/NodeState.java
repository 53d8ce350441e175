package sovereign.api.node;

/** The life cycle of a node process. */
public enum NodeState {
  /** Core services are starting; the boot deadline is running. */
  BOOTING,
  /** Every core service is up. */
  RUNNING,
  /** Boot stopped before the node could run; {@link NodeStatus#reason()} says why. */
  HALTED,
  /** A shutdown was requested and the framework is stopping. */
  STOPPING
}
