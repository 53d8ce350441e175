package sovereign.deploy;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration PID {@code sovereign.deploy} (docs/deploy.md, "Configuration"). */
@ObjectClassDefinition(name = "Sovereign deploy")
@interface DeployConfig {

  @AttributeDefinition(
      description = "How long the health gate waits for an updated bundle to be healthy, in ms")
  long healthTimeoutMillis() default 10_000;

  @AttributeDefinition(
      description = "Bundles that must register at least one health check (the core bundles)")
  String[] healthRequired() default {
    "sovereign.identity", "sovereign.ledger", "sovereign.policy", "sovereign.skills"
  };

  @AttributeDefinition(
      description =
          "Risk tier of trusting a publisher (trust:add), with the policy's meaning: LOW adds at"
              + " once, MEDIUM asks the operator to type the certificate's fingerprint, HIGH"
              + " refuses")
  String trustTier() default "MEDIUM";

  @AttributeDefinition(description = "Watch the drop folder <node>/deploy/")
  boolean dropFolder() default true;

  @AttributeDefinition(
      description = "How long a dropped file must stay unchanged before it is picked up, in ms")
  long settleMillis() default 1000;

  @AttributeDefinition(description = "How often the drop folder is scanned as well, in ms")
  long pollMillis() default 2000;
}
