package sovereign.ledger;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/** Settings of the ledger (configuration PID {@code sovereign.ledger}). */
@ObjectClassDefinition(
    name = "Sovereign ledger",
    description = "Mint authorities, durability, the WORKER floor and the start check.")
@interface LedgerConfig {

  @AttributeDefinition(
      name = "Mint authorities",
      description =
          "NodeIDs allowed to write GENESIS and MINT entries and to debit the treasury; 'self'"
              + " stands for this node. Every node of a swarm must list the same authorities, or"
              + " they refuse each other's minted money.")
  String[] mintAuthorities() default {};

  @AttributeDefinition(
      name = "SQLite synchronous",
      description =
          "FULL: an acknowledged entry survives a power cut. NORMAL: it survives a process kill,"
              + " and the last transactions may be lost at a power cut.",
      options = {
        @Option(label = "FULL", value = "FULL"),
        @Option(label = "NORMAL", value = "NORMAL")
      })
  String synchronous() default "FULL";

  @AttributeDefinition(
      name = "WORKER floor",
      description =
          "IPPC (whole units, up to 6 decimals) below which a wallet is in WORKER mode:"
              + " exploratory actions are refused, bounty work still runs.")
  String workerFloor() default "100";

  @AttributeDefinition(
      name = "Full verification on start",
      description =
          "Recompute every entry when the ledger opens (as ledger:verify does) instead of the"
              + " quick start check. Slower with a long ledger: mind the boot deadline.")
  boolean fullVerifyOnStart() default false;
}
