package sovereign.node;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of the node process (PID {@code sovereign.node}). */
@ObjectClassDefinition(name = "Sovereign node", description = "Boot supervision of the node.")
@interface NodeConfig {

  @AttributeDefinition(
      description =
          "Seconds every core service has to come up before the node halts;"
              + " --boot-deadline overrides it.")
  long bootDeadlineSeconds() default 30;
}
