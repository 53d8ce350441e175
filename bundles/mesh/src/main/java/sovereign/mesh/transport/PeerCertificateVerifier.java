package sovereign.mesh.transport;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Arrays;
import java.util.Date;
import java.util.Set;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import sovereign.api.identity.NodeId;

/**
 * Checks the certificate a peer presented in the TLS handshake and returns the node it proves, per
 * the libp2p TLS specification; see {@link IdentityCertificates} for the format. In order:
 *
 * <ol>
 *   <li>exactly one certificate (no chain);
 *   <li>valid at the given instant (not before {@code notBefore}, not after {@code notAfter});
 *   <li>self-signed: its signature verifies with its own public key;
 *   <li>no critical extension other than the libp2p one;
 *   <li>the libp2p extension is present and is exactly {@code SEQUENCE { OCTET STRING, OCTET STRING
 *       }} with nothing after it;
 *   <li>the public key is a libp2p protobuf Ed25519 key (other libp2p key types are refused: every
 *       Sovereign node has an Ed25519 key);
 *   <li>the Ed25519 signature over {@code "libp2p-tls-handshake:" || DER SubjectPublicKeyInfo}
 *       verifies with that key, which proves the node chose this certificate key.
 * </ol>
 *
 * <p>Every failure is a {@link PeerCertificateException} that names the check which failed. The
 * class is stateless.
 */
public final class PeerCertificateVerifier {

  private static final int ED25519_SIGNATURE_BYTES = 64;

  private PeerCertificateVerifier() {}

  /** The node that {@code chain} proves at {@code now}, or an exception naming what is wrong. */
  public static NodeId verify(X509Certificate[] chain, Instant now)
      throws PeerCertificateException {
    if (chain == null || chain.length == 0) {
      throw new PeerCertificateException("the peer sent no certificate");
    }
    if (chain.length != 1) {
      throw new PeerCertificateException(
          "the peer sent a chain of " + chain.length + " certificates, libp2p allows exactly one");
    }
    X509Certificate certificate = chain[0];
    checkValidity(certificate, now);
    try {
      certificate.verify(certificate.getPublicKey());
    } catch (GeneralSecurityException e) {
      throw new PeerCertificateException(
          "the peer certificate is not self-signed: its "
              + certificate.getSigAlgName()
              + " signature does not verify with its own key ("
              + e.getMessage()
              + ")",
          e);
    }
    Set<String> critical = certificate.getCriticalExtensionOIDs();
    if (critical != null) {
      for (String oid : critical) {
        if (!oid.equals(IdentityCertificates.EXTENSION_OID)) {
          throw new PeerCertificateException(
              "the peer certificate has a critical extension " + oid + " this node does not know");
        }
      }
    }
    byte[] extension = certificate.getExtensionValue(IdentityCertificates.EXTENSION_OID);
    if (extension == null) {
      throw new PeerCertificateException(
          "the peer certificate has no libp2p public-key extension ("
              + IdentityCertificates.EXTENSION_OID
              + "), so it names no node");
    }
    byte[][] signedKey = parseSignedKey(extension);
    NodeId node = parseEd25519Key(signedKey[0]);
    byte[] message =
        IdentityCertificates.concat(
            IdentityCertificates.SIGNATURE_PREFIX, certificate.getPublicKey().getEncoded());
    if (!ed25519Verifies(node.publicKey(), message, signedKey[1])) {
      throw new PeerCertificateException(
          "the libp2p extension's signature does not verify with the key of "
              + node
              + ": the certificate key is not bound to that node");
    }
    return node;
  }

  private static void checkValidity(X509Certificate certificate, Instant now)
      throws PeerCertificateException {
    try {
      certificate.checkValidity(Date.from(now));
    } catch (CertificateExpiredException e) {
      throw new PeerCertificateException(
          "the peer certificate expired at "
              + certificate.getNotAfter().toInstant()
              + " (now is "
              + now
              + ")",
          e);
    } catch (CertificateNotYetValidException e) {
      throw new PeerCertificateException(
          "the peer certificate is not valid before "
              + certificate.getNotBefore().toInstant()
              + " (now is "
              + now
              + ")",
          e);
    }
  }

  /** The two octet strings of the DER SignedKey inside the extension's OCTET STRING wrapper. */
  private static byte[][] parseSignedKey(byte[] extnValue) throws PeerCertificateException {
    try {
      byte[] value = ASN1OctetString.getInstance(extnValue).getOctets();
      ASN1Primitive parsed = ASN1Primitive.fromByteArray(value);
      if (parsed == null) {
        // Bouncy Castle reads an empty value as no object at all (found by fuzzing).
        throw new PeerCertificateException("the libp2p extension is empty: it holds no SignedKey");
      }
      if (!Arrays.equals(parsed.getEncoded("DER"), value)) {
        throw new PeerCertificateException(
            "the libp2p extension is not in DER or has bytes after the SignedKey");
      }
      ASN1Sequence sequence = ASN1Sequence.getInstance(parsed);
      if (sequence.size() != 2) {
        throw new PeerCertificateException(
            "the libp2p extension must be SEQUENCE { publicKey, signature }, has "
                + sequence.size()
                + " elements");
      }
      return new byte[][] {
        ASN1OctetString.getInstance(sequence.getObjectAt(0)).getOctets(),
        ASN1OctetString.getInstance(sequence.getObjectAt(1)).getOctets()
      };
    } catch (IOException | IllegalArgumentException e) {
      throw new PeerCertificateException(
          "the libp2p extension is not a DER SEQUENCE of two OCTET STRINGs: " + e.getMessage(), e);
    }
  }

  private static NodeId parseEd25519Key(byte[] protobuf) throws PeerCertificateException {
    byte[] header = IdentityCertificates.ED25519_KEY_HEADER;
    int expected = header.length + 32;
    if (protobuf.length != expected
        || !Arrays.equals(protobuf, 0, header.length, header, 0, header.length)) {
      throw new PeerCertificateException(
          "the libp2p extension's public key is not a protobuf Ed25519 key (expected "
              + expected
              + " bytes starting 08 01 12 20, got "
              + protobuf.length
              + " bytes starting "
              + hexStart(protobuf)
              + ")");
    }
    return NodeId.fromPublicKey(Arrays.copyOfRange(protobuf, header.length, expected));
  }

  private static boolean ed25519Verifies(byte[] publicKey, byte[] message, byte[] signature)
      throws PeerCertificateException {
    if (signature.length != ED25519_SIGNATURE_BYTES) {
      return false;
    }
    Ed25519PublicKeyParameters key;
    try {
      key = new Ed25519PublicKeyParameters(publicKey, 0);
    } catch (IllegalArgumentException e) {
      // 32 bytes that are not a point on the curve (found by fuzzing).
      throw new PeerCertificateException(
          "the libp2p extension's public key is not a valid Ed25519 key: " + e.getMessage(), e);
    }
    Ed25519Signer verifier = new Ed25519Signer();
    verifier.init(false, key);
    verifier.update(message, 0, message.length);
    return verifier.verifySignature(signature);
  }

  private static String hexStart(byte[] bytes) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < Math.min(4, bytes.length); i++) {
      out.append(i == 0 ? "" : " ").append(String.format("%02x", bytes[i]));
    }
    return out.length() == 0 ? "(nothing)" : out.toString();
  }
}
