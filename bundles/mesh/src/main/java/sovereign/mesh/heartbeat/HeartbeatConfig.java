package sovereign.mesh.heartbeat;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration PID {@value Heartbeats#PID}: heartbeats and peer exchange. */
@ObjectClassDefinition(name = "Sovereign mesh heartbeats and peer exchange")
@interface HeartbeatConfig {

  @AttributeDefinition(description = "How often this node beats and checks its peers, in ms")
  long intervalMillis() default 5000;

  @AttributeDefinition(
      description = "A peer silent for this many intervals is disconnected (evicted)")
  int missedBeats() default 3;

  @AttributeDefinition(
      description = "How often this node publishes its peer record, in ms (also when a peer joins)")
  long peerExchangeMillis() default 30_000;

  @AttributeDefinition(
      description =
          "Dial nodes from the address book while fewer than this many peers are connected")
  int targetPeers() default 8;

  @AttributeDefinition(
      description =
          "Addresses to advertise in the peer record, IP:port (at most 8); empty: the listening"
              + " address, or the interfaces' addresses if it listens on a wildcard")
  String[] advertise() default {};
}
