package sovereign.api.mesh;

import sovereign.api.identity.NodeId;

/**
 * A message received from the mesh; its signature by {@code origin} was checked.
 *
 * @param id the message id, 64 hexadecimal digits, as {@link Mesh#publish} returned it to the
 *     publisher
 * @param topic the topic it was published to
 * @param origin the node that published and signed it
 * @param payload the bytes published (the handler's own copy)
 */
public record MeshMessage(String id, String topic, NodeId origin, byte[] payload) {}
