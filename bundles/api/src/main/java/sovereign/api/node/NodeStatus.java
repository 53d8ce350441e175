package sovereign.api.node;

import java.util.List;
import java.util.Optional;

/**
 * A snapshot of the node's boot state.
 *
 * @param state where the node is in its life cycle
 * @param reason why it halted or is stopping, if it did
 * @param readyAfterMillis milliseconds from framework start until every core service was up
 * @param coreServices every core service, in the order they were declared
 */
public record NodeStatus(
    NodeState state,
    Optional<String> reason,
    Optional<Long> readyAfterMillis,
    List<CoreServiceStatus> coreServices) {}
