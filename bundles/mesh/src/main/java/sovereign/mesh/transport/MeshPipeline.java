package sovereign.mesh.transport;

import io.netty.channel.Channel;
import io.netty.handler.codec.LengthFieldPrepender;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import javax.net.ssl.SSLException;
import sovereign.api.identity.NodeId;
import sovereign.mesh.SwarmKey;
import sovereign.mesh.SwarmKeyGate;

/**
 * Builds the handlers of one mesh connection, the same for both directions, from the socket up:
 *
 * <pre>
 * gate       SwarmKeyGate       24-byte nonce each way, then XSalsa20 (libp2p pnet)
 * sniffer    TlsRecordSniffer   first decrypted bytes must be a TLS record header, else: wrong key
 * tls        SslHandler         TLS 1.3, JDK engine, mutual auth, identity certificates (on a
 *                               listener added only once the sniffer has seen a TLS record)
 * frames     FrameDecoder       4-byte big-endian unsigned length, then payload
 * encoder    LengthFieldPrepender(4) the same format outbound
 * connection ConnectionHandler  deadline, stage of failure, frames to the listener
 * </pre>
 *
 * <p>Everything a stranger without the swarm key can see is the gate's nonce and noise: the TLS
 * handshake, which carries the certificates and so the node identities, runs inside the gate.
 */
final class MeshPipeline {

  static final String GATE = "gate";
  static final String SNIFFER = "sniffer";
  static final String TLS = "tls";
  static final String FRAME_DECODER = "frames";
  static final String FRAME_ENCODER = "encoder";
  static final String CONNECTION = "connection";

  private final SwarmKey swarmKey;
  private final IdentityCertificates certificates;
  private final PeerAdmission admission;
  private final MeshSettings settings;
  private final MeshListener listener;

  MeshPipeline(
      SwarmKey swarmKey,
      IdentityCertificates certificates,
      PeerAdmission admission,
      MeshSettings settings,
      MeshListener listener) {
    this.swarmKey = swarmKey;
    this.certificates = certificates;
    this.admission = admission;
    this.settings = settings;
    this.listener = listener;
  }

  /**
   * Installs the handlers on a new channel. For a dialled channel {@code dial} is the future to
   * complete; for an accepted one it is null.
   */
  void install(Channel channel, Optional<NodeId> expected, CompletableFuture<PeerConnection> dial)
      throws SSLException {
    boolean outbound = dial != null;
    IdentityTrustManager trust = new IdentityTrustManager(expected, admission, settings.clock());
    TlsRecordSniffer.TlsFactory tls =
        () -> TlsContexts.newHandler(outbound, certificates.issue(), trust, channel.alloc());
    SwarmKeyGate gate = new SwarmKeyGate(swarmKey);
    // A dialler needs TLS at once, to send its hello; a listener makes it when the peer's first
    // record proves the swarm key (see TlsRecordSniffer).
    TlsRecordSniffer sniffer = new TlsRecordSniffer(outbound ? null : tls);
    ConnectionHandler connection =
        new ConnectionHandler(
            new ConnectionHandler.Layers(gate, sniffer, trust), settings, listener, dial);
    channel.pipeline().addLast(GATE, gate).addLast(SNIFFER, sniffer);
    if (outbound) {
      channel.pipeline().addLast(TLS, tls.create());
    }
    channel
        .pipeline()
        .addLast(FRAME_DECODER, new FrameDecoder(settings.maxFrameBytes()))
        .addLast(FRAME_ENCODER, new LengthFieldPrepender(FrameDecoder.HEADER_BYTES))
        .addLast(CONNECTION, connection);
  }
}
