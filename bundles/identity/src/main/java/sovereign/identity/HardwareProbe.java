package sovereign.identity;

import java.util.Map;

/**
 * Reads this machine's hardware fingerprint components: name to raw value, e.g. {@code cpu}, {@code
 * memory}, {@code hostname}, {@code machine-uuid}. Raw values stay in memory; only salted hashes
 * are persisted (see {@link Fingerprint}).
 */
@FunctionalInterface
interface HardwareProbe {

  /** The components this platform can report, without empty values. */
  Map<String, String> components();
}
