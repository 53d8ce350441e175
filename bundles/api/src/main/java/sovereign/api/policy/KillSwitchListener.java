package sovereign.api.policy;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Told when the kill switch is thrown and lifted. Register it as a service (whiteboard); a listener
 * registered while the switch is thrown is told at once. Calls come on the thread that threw the
 * switch: return quickly (interrupt the running work, do not wait for it).
 */
@ConsumerType
public interface KillSwitchListener {

  /** Every decision is DENY from now on: stop whatever is running. */
  void halted(String reason);

  /** The operator lifted the switch: decisions follow the grants again. */
  void resumed();
}
