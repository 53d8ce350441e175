package sovereign.api.node;

import java.util.Optional;

/**
 * One core service the boot supervisor waits for.
 *
 * @param service the service interface name, e.g. {@code sovereign.api.identity.NodeIdentity}
 * @param bundle the symbolic name of the bundle that declares it
 * @param up whether the service is registered now
 * @param upAfterMillis milliseconds from framework start until it first came up, if it has
 */
public record CoreServiceStatus(
    String service, String bundle, boolean up, Optional<Long> upAfterMillis) {}
