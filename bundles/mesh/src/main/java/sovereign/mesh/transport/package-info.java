/**
 * The mesh transport, the layers below gossip: TCP connections between the nodes of one swarm, each
 * passing, from the socket up,
 *
 * <ol>
 *   <li>the swarm-key gate ({@link sovereign.mesh.SwarmKeyGate}, libp2p pnet): a 24-byte nonce each
 *       way, then XSalsa20 under the swarm's pre-shared key;
 *   <li>a first-record check ({@link sovereign.mesh.transport.TlsRecordSniffer}) that tells a wrong
 *       swarm key from a TLS failure;
 *   <li>TLS 1.3 with mutual authentication, each side showing a fresh self-signed certificate that
 *       carries its node identity per the libp2p TLS specification ({@link
 *       sovereign.mesh.transport.IdentityCertificates}, checked by {@link
 *       sovereign.mesh.transport.PeerCertificateVerifier}) and passing {@link
 *       sovereign.mesh.transport.PeerAdmission};
 *   <li>frames: a 4-byte big-endian unsigned length and that many bytes ({@link
 *       sovereign.mesh.transport.FrameDecoder}).
 * </ol>
 *
 * <p>{@link sovereign.mesh.transport.MeshTransport} listens and dials; {@link
 * sovereign.mesh.transport.Diagnosis} says which layer a failed dial stopped at.
 */
package sovereign.mesh.transport;
