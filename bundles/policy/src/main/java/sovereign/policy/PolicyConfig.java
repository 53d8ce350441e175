package sovereign.policy;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Risk tiers and approvals (configuration PID {@code sovereign.policy}). */
@ObjectClassDefinition(
    name = "Sovereign policy",
    description = "The risk tier table and how long approvals wait and last.")
@interface PolicyConfig {

  @AttributeDefinition(
      name = "Tier table",
      description =
          "Entries <capability>=<LOW|MEDIUM|HIGH>: a kind (net.connect), a host function"
              + " (host.log) or host.* for every host function not listed. LOW runs when granted,"
              + " MEDIUM waits for the operator, HIGH is refused.")
  String[] tiers() default {
    "fs.read=LOW",
    "fs.write=LOW",
    "mesh.subscribe=LOW",
    "skill.invoke=LOW",
    "host.*=LOW",
    "mesh.publish=MEDIUM",
    "net.connect=MEDIUM",
    "ledger.spend=MEDIUM"
  };

  @AttributeDefinition(
      name = "Default tier",
      description = "The tier of a capability the table does not list")
  String defaultTier() default "HIGH";

  @AttributeDefinition(
      name = "Approval timeout",
      description = "Seconds a MEDIUM request waits for the operator before it expires as denied")
  long approvalTimeoutSeconds() default 300;

  @AttributeDefinition(
      name = "Answer validity",
      description =
          "Seconds an approved request stays allowed (and a denied one refused) when the same"
              + " subject asks again")
  long answerValiditySeconds() default 3600;

  @AttributeDefinition(
      name = "Most pending approvals",
      description = "Beyond this many waiting approvals, new MEDIUM requests are denied")
  int maxPending() default 100;
}
