package sovereign.mesh.discovery;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration PID {@value MdnsDiscovery#PID}: finding the nodes of the LAN by mDNS. */
@ObjectClassDefinition(name = "Sovereign mesh mDNS discovery")
@interface MdnsConfig {

  @AttributeDefinition(description = "Advertise the mesh port and dial the nodes found on the LAN")
  boolean enabled() default true;

  @AttributeDefinition(
      description =
          "The DNS-SD service type; nodes find each other only under the same type. It names"
              + " the software: change it to blend in")
  String serviceType() default "_sovereign-mesh._tcp.local.";

  @AttributeDefinition(
      description =
          "Interfaces to run mDNS on: names (eth0) or IP addresses. Empty: every interface that is"
              + " up, multicast-capable and not loopback, with its first IPv4 address")
  String[] interfaces() default {};

  @AttributeDefinition(
      description = "First delay before dialling an address again after a failed dial, in ms")
  long backoffMillis() default 5000;

  @AttributeDefinition(description = "Longest delay between two dials of one address, in ms")
  long backoffMaxMillis() default 600_000;

  @AttributeDefinition(
      description = "How often the advertisement is matched to the mesh and due dials made, in ms")
  long tickMillis() default 1000;
}
