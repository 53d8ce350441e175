package sovereign.api.identity;

import java.nio.file.Path;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The chosen node's home, {@code <home>/nodes/<NodeID>/}, laid out as in DESIGN.md. Registered as
 * soon as the node is chosen, even when its hardware check fails, so that logs and the console can
 * still work; services that need the key wait for {@link NodeIdentity}.
 */
@ProviderType
public interface NodeHome {

  /** The NodeID whose home this is. */
  NodeId nodeId();

  /** {@code <home>/nodes/<NodeID>}. */
  Path root();

  /** Key, fingerprint, trust store, authorized_keys, config. */
  default Path data() {
    return root().resolve("data");
  }

  /** Reserved for reasoning memory. */
  default Path memory() {
    return root().resolve("memory");
  }

  /** {@code sandbox/<skill>/}: the only files a skill can touch. */
  default Path sandbox() {
    return root().resolve("sandbox");
  }

  /** The ledger database. */
  default Path economy() {
    return root().resolve("economy");
  }

  /** JSON-lines logs. */
  default Path logs() {
    return root().resolve("logs");
  }

  /** The drop folder and its rejected/ and history/ folders. */
  default Path deploy() {
    return root().resolve("deploy");
  }
}
