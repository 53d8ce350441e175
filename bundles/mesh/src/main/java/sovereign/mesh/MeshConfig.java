package sovereign.mesh;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Configuration PID {@code sovereign.mesh}. The gossip defaults are those of {@link
 * sovereign.mesh.gossip.GossipParams#DEFAULTS} (a test checks they agree).
 */
@ObjectClassDefinition(name = "Sovereign mesh")
@interface MeshConfig {

  @AttributeDefinition(description = "TCP port the mesh listens on (0 picks a free port)")
  int port() default 4001;

  @AttributeDefinition(description = "Address the mesh listens on")
  String host() default "0.0.0.0";

  @AttributeDefinition(
      description =
          "Nodes dialled at start and again whenever the connection is lost, with backoff:"
              + " host:port, or NodeID@host:port to insist on that node")
  String[] bootstrap() default {};

  @AttributeDefinition(description = "First redial delay after a failed dial, in ms; doubles")
  long redialMillis() default 1000;

  @AttributeDefinition(description = "Longest redial delay, in ms")
  long redialMaxMillis() default 60_000;

  @AttributeDefinition(description = "Gossip: desired mesh degree D")
  int d() default 6;

  @AttributeDefinition(description = "Gossip: lowest mesh degree before grafting")
  int dLow() default 4;

  @AttributeDefinition(description = "Gossip: highest mesh degree before pruning")
  int dHigh() default 12;

  @AttributeDefinition(description = "Gossip: peers told IHAVE per heartbeat")
  int dLazy() default 6;

  @AttributeDefinition(description = "Gossip: heartbeat interval, in ms")
  long heartbeatMillis() default 1000;

  @AttributeDefinition(description = "Gossip: send own messages to every subscribed peer")
  boolean floodPublish() default true;

  @AttributeDefinition(description = "Gossip: largest message payload, in bytes")
  int maxPayloadBytes() default 1 << 20;

  @AttributeDefinition(
      description = "How long a ban lasts, in seconds: the gossip score's and mesh:ban's default")
  long banSeconds() default 3600;

  @AttributeDefinition(
      description =
          "Closed swarm: admit only the nodes named in bootstrap (NodeID@host:port) or connected"
              + " by NodeID; open (false) admits every node that holds the swarm key")
  boolean closed() default false;
}
