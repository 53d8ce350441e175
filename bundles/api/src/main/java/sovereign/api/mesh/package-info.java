/**
 * The dark mesh: a private network between the nodes of one swarm. Nodes that hold the same
 * pre-shared swarm key ({@code <node>/data/swarm.key}) connect over TCP, each connection passing
 * the swarm-key gate and identity-bound TLS 1.3, and exchange messages by topic with
 * GossipSub-style gossip. Every message is signed by the node that published it.
 *
 * <p>A node without a swarm key runs alone: {@link Mesh} is still registered, its {@link
 * MeshStatus#swarmKey()} says so, and {@link Mesh#publish} refuses. The {@code mesh:keygen} shell
 * command makes a key; the same file must then be copied to every node of the swarm.
 *
 * <p>Besides gossip, a node can send one peer a request and get its response ({@link Mesh#request},
 * {@link Mesh#serve}), and fetch content-addressed {@link Blobs} from whichever peer holds them.
 *
 * <p>Provided by the {@code sovereign.mesh} bundle, which is not a core service: the boot does not
 * wait for it.
 */
@Export
@Version("1.1.0")
package sovereign.api.mesh;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
