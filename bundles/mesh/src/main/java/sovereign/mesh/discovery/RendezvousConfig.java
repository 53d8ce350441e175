package sovereign.mesh.discovery;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration PID {@value Rendezvous#PID}: rendezvous points, for nodes behind NAT. */
@ObjectClassDefinition(name = "Sovereign mesh rendezvous")
@interface RendezvousConfig {

  @AttributeDefinition(
      description = "Serve as a rendezvous point: take registrations and answer discoveries")
  boolean serve() default false;

  @AttributeDefinition(
      description =
          "Rendezvous points to register with and discover through: host:port, or"
              + " NodeID@host:port to insist on that node")
  String[] points() default {};

  @AttributeDefinition(description = "The namespace to register and discover in")
  String namespace() default "sovereign";

  @AttributeDefinition(description = "The lifetime asked for a registration, in seconds")
  long ttlSeconds() default 7200;

  @AttributeDefinition(
      description =
          "How often to register again and discover, in ms (less than the ttl; also the first"
              + " redial delay of a point that cannot be reached, doubling up to 10 minutes)")
  long refreshMillis() default 60_000;

  @AttributeDefinition(description = "Point: the most registrations held")
  int maxRegistrations() default 1000;

  @AttributeDefinition(description = "Point: the most registrations held in one namespace")
  int maxPerNamespace() default 200;

  @AttributeDefinition(description = "Point: the longest ttl granted, in seconds")
  long maxTtlSeconds() default 7200;
}
