package sovereign.api.deploy;

/**
 * A verified artifact held beside the running version, not applied yet.
 *
 * @param sha256 the jar's SHA-256 (hex), which names it in the history store
 */
public record Staged(String symbolicName, String version, String sha256, String signer) {}
