package sovereign.api.deploy;

import java.util.Optional;

/**
 * One bundle of the node, as the deploy bundle sees it.
 *
 * @param state the framework state: INSTALLED, RESOLVED, ACTIVE, ...
 * @param origin {@code builtin} (came in the node jar), {@code drop:<file>} (from the drop folder),
 *     {@code shell} (deploy:install or deploy:update) or {@code set:<file>}
 * @param signer the publisher's alias; empty for a builtin bundle
 * @param previous the version {@link Deployer#rollback} would go back to
 */
public record DeployedBundle(
    long id,
    String symbolicName,
    String version,
    String state,
    String origin,
    Optional<String> signer,
    Optional<String> previous) {}
