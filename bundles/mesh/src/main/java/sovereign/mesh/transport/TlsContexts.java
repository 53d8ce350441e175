package sovereign.mesh.transport;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * Makes the {@link SslHandler} of one connection: the JDK TLS engine, TLS 1.3 only, mutual
 * authentication required, our fresh identity certificate as the only key and {@link
 * IdentityTrustManager} as the only trust. No SNI and no hostname check: peers are named by their
 * node identity, never by a host name.
 *
 * <p>A new context per connection is what gives every connection its own certificate key and its
 * own trust-manager state. The key is handed to the context through {@link OneKey}, not as a key
 * and certificate: from those, Netty builds a password-protected PKCS#12 key store, and the JDK
 * protects and then unprotects the key with PBKDF2 (10,000 HMAC-SHA256 rounds each way), which cost
 * more than the rest of the handshake and showed as most of its time in bench/mesh.sh.
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
            ? SslContextBuilder.forClient().keyManager(new OneKey(issued))
            : SslContextBuilder.forServer(new OneKey(issued));
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

  /** The connection's one key and certificate, offered for whatever the handshake asks of it. */
  private static final class OneKey extends X509ExtendedKeyManager {
    private static final String ALIAS = "identity";
    private final PrivateKey key;
    private final X509Certificate[] chain;

    OneKey(IdentityCertificates.Issued issued) {
      this.key = issued.privateKey();
      this.chain = new X509Certificate[] {issued.certificate()};
    }

    private String alias(String... keyTypes) {
      if (keyTypes == null) {
        return null;
      }
      for (String type : keyTypes) {
        if (key.getAlgorithm().equals(type)) {
          return ALIAS;
        }
      }
      return null;
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
      return alias(keyType) == null ? null : new String[] {ALIAS};
    }

    @Override
    public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
      return alias(keyType);
    }

    @Override
    public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine e) {
      return alias(keyType);
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
      return getClientAliases(keyType, issuers);
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
      return alias(keyType);
    }

    @Override
    public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine e) {
      return alias(keyType);
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
      return ALIAS.equals(alias) ? chain.clone() : null;
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
      return ALIAS.equals(alias) ? key : null;
    }
  }
}
