package sovereign.api.policy;

import java.time.Instant;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The node's kill switch: once thrown, every policy decision is DENY and every {@link
 * KillSwitchListener} is told to stop. It stays thrown across restarts; only the operator lifts it,
 * at the console ({@code policy:resume}, with a typed confirmation), so this API can throw it but
 * not lift it.
 */
@ProviderType
public interface KillSwitch {

  /** Whether the switch is thrown. */
  boolean halted();

  /** Why it was thrown, while it is. */
  Optional<String> reason();

  /** When it was thrown, while it is. */
  Optional<Instant> since();

  /**
   * Throws the switch (again, with a new reason, if it already is): persisted before listeners are
   * told, and audited.
   *
   * @param reason why, as the operator or the caller says it; blank gives "no reason given"
   */
  void halt(String reason);
}
