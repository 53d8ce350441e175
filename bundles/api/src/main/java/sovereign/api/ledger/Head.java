package sovereign.api.ledger;

import java.util.Objects;
import sovereign.api.identity.NodeId;

/**
 * The last entry this ledger holds of an actor's chain: what anti-entropy compares between nodes.
 *
 * @param actor the actor
 * @param sequence the sequence of its last entry held here
 * @param hash that entry's hash
 */
public record Head(NodeId actor, long sequence, Hash hash) {
  public Head {
    Objects.requireNonNull(actor, "actor");
    Objects.requireNonNull(hash, "hash");
  }
}
