package sovereign.ledger;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The cost table (configuration PID {@code sovereign.ledger.metering}). Every value is a decimal
 * with at most 6 decimals; amounts are IPPC. cost = base + perUnit × units × multiplier × risk.
 */
@ObjectClassDefinition(
    name = "Sovereign metering",
    description = "What computation costs: cost = base + perUnit x units x multiplier x risk.")
@interface MeteringConfig {

  @AttributeDefinition(description = "Multiplies the variable part of every cost.")
  String multiplier() default "1";

  @AttributeDefinition(description = "IPPC per LLM inference.")
  String inferenceBase() default "10";

  @AttributeDefinition(description = "IPPC per token of an LLM inference.")
  String inferencePerToken() default "0.02";

  @AttributeDefinition(description = "Risk factor of LLM inference.")
  String inferenceRisk() default "1";

  @AttributeDefinition(description = "IPPC per tool execution.")
  String toolBase() default "1";

  @AttributeDefinition(description = "Risk factor of tool execution.")
  String toolRisk() default "1";

  @AttributeDefinition(description = "IPPC per sandbox run.")
  String sandboxBase() default "0";

  @AttributeDefinition(description = "IPPC per second of a sandbox run (charged per millisecond).")
  String sandboxPerSecond() default "50";

  @AttributeDefinition(description = "Risk factor of sandbox runs.")
  String sandboxRisk() default "1";

  @AttributeDefinition(description = "IPPC per evolution simulation.")
  String evolutionBase() default "100";

  @AttributeDefinition(description = "Risk factor of evolution simulations.")
  String evolutionRisk() default "1";
}
