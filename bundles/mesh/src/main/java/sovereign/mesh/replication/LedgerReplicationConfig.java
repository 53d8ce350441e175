package sovereign.mesh.replication;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration {@code sovereign.mesh.replication}. */
@ObjectClassDefinition(
    name = "Sovereign ledger replication",
    description = "How the ledger's chains are spread over the mesh and repaired.")
@interface LedgerReplicationConfig {

  @AttributeDefinition(
      name = "Anti-entropy period (ms)",
      description = "How often this node publishes its heads so that peers can repair its gaps.")
  long antiEntropyMillis() default 10_000L;

  @AttributeDefinition(
      name = "Most entries per batch",
      description =
          "Most entries in one message, and most entries republished per actor per repair.")
  int maxBatch() default 256;

  @AttributeDefinition(
      name = "Own-chain poll period (ms)",
      description = "How often this node looks for new entries of its own chain to publish.")
  long pollMillis() default 1_000L;
}
