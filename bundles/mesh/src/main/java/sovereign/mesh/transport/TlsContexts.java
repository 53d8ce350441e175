package sovereign.mesh.transport;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import javax.net.ssl.SSLException;

/**
 * Makes the {@link SslHandler} of one connection: the JDK TLS engine, TLS 1.3 only, mutual
 * authentication required, our fresh identity certificate as the only key and {@link
 * IdentityTrustManager} as the only trust. No SNI and no hostname check: peers are named by their
 * node identity, never by a host name.
 *
 * <p>A new context per connection is what gives every connection its own certificate key and its
 * own trust-manager state; building one costs about as much as the handshake's own key exchange.
 */
final class TlsContexts {

  /** TLS 1.3 only: libp2p forbids lower versions and TLS 1.3 hides certificates on the wire. */
  static final String PROTOCOL = "TLSv1.3";

  private TlsContexts() {}

  static SslHandler newHandler(
      boolean client,
      IdentityCertificates.Issued issued,
      IdentityTrustManager trust,
      ByteBufAllocator alloc)
      throws SSLException {
    SslContextBuilder builder =
        client
            ? SslContextBuilder.forClient().keyManager(issued.privateKey(), issued.certificate())
            : SslContextBuilder.forServer(issued.privateKey(), issued.certificate());
    SslContext context =
        builder
            .sslProvider(SslProvider.JDK)
            .protocols(PROTOCOL)
            .clientAuth(ClientAuth.REQUIRE)
            .trustManager(trust)
            .build();
    SslHandler handler = context.newHandler(alloc);
    // The connection's own deadline covers the gate and the handshake together.
    handler.setHandshakeTimeoutMillis(0);
    return handler;
  }
}
