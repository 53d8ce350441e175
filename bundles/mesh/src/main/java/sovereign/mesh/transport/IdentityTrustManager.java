package sovereign.mesh.transport;

import java.net.Socket;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Optional;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;
import sovereign.api.identity.NodeId;

/**
 * The trust manager of one TLS connection: instead of a certificate authority it runs {@link
 * PeerCertificateVerifier}, then checks the node it proves against the node we dialled (if any) and
 * against {@link PeerAdmission}. Any failure throws, which makes the JDK engine abort the
 * handshake.
 *
 * <p>Because the check runs inside the handshake, a dialler that finds the wrong node refuses
 * before it sends its own certificate (in TLS 1.3 the client verifies the server first): an
 * impostor learns nothing of who dialled.
 *
 * <p>One instance per connection: it remembers the node it accepted, which is the authenticated
 * peer of that connection once the handshake is complete.
 */
final class IdentityTrustManager extends X509ExtendedTrustManager {

  private final Optional<NodeId> expected;
  private final PeerAdmission admission;
  private final Clock clock;
  private volatile NodeId verified;

  IdentityTrustManager(Optional<NodeId> expected, PeerAdmission admission, Clock clock) {
    this.expected = expected;
    this.admission = admission;
    this.clock = clock;
  }

  /** The peer accepted in this handshake, if the check has passed. */
  Optional<NodeId> verifiedPeer() {
    return Optional.ofNullable(verified);
  }

  private void check(X509Certificate[] chain) throws PeerCertificateException {
    NodeId peer = PeerCertificateVerifier.verify(chain, clock.instant());
    if (expected.isPresent() && !expected.get().equals(peer)) {
      throw new PeerCertificateException(
          "dialled " + expected.get() + " but the peer proved to be " + peer);
    }
    if (!admission.admit(peer)) {
      throw new AdmissionRefusedException(peer, admission.reason(peer));
    }
    verified = peer;
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws PeerCertificateException {
    check(chain);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws PeerCertificateException {
    check(chain);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws PeerCertificateException {
    check(chain);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws PeerCertificateException {
    check(chain);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType)
      throws PeerCertificateException {
    check(chain);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType)
      throws PeerCertificateException {
    check(chain);
  }

  @Override
  public X509Certificate[] getAcceptedIssuers() {
    return new X509Certificate[0];
  }
}
