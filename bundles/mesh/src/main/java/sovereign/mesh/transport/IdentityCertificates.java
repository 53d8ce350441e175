package sovereign.mesh.transport;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x509.TBSCertificate;
import org.bouncycastle.asn1.x509.Time;
import org.bouncycastle.asn1.x509.V3TBSCertificateGenerator;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import sovereign.api.identity.NodeId;
import sovereign.api.identity.NodeIdentity;

/**
 * Makes the certificate a node shows in the TLS handshake of one connection, following the libp2p
 * TLS specification (libp2p/specs, tls/tls.md): the certificate is not signed by the node's key but
 * carries it, with a signature that binds the certificate's key to the node.
 *
 * <p>Each certificate is self-signed with a fresh ECDSA P-256 key (SHA256withECDSA) and carries the
 * libp2p public-key extension, OID {@value #EXTENSION_OID}, marked critical so that any verifier
 * that does not understand it refuses the certificate instead of ignoring the identity:
 *
 * <pre>
 * extnValue = DER( SignedKey ::= SEQUENCE {
 *                    publicKey OCTET STRING,  -- 0x08 0x01 0x12 0x20 || Ed25519 key (36 bytes,
 *                                             --  protobuf PublicKey{Type=Ed25519, Data})
 *                    signature OCTET STRING   -- Ed25519 (64 bytes) by the node's key over
 *                  } )                        --  "libp2p-tls-handshake:" || DER(SubjectPublicKeyInfo)
 * </pre>
 *
 * <p>where SubjectPublicKeyInfo is that of the certificate's own (ephemeral) key. Subject and
 * issuer are the same fixed name, which says nothing about the node; the serial number is 64 random
 * bits. The validity starts an hour in the past, so a peer whose clock is a little behind accepts
 * it, and ends a day later: the certificate lives for one connection, so a short life costs
 * nothing.
 *
 * <p>The X.509 structure is assembled with Bouncy Castle's ASN.1 classes ({@link
 * V3TBSCertificateGenerator}, which is in bcprov, so no bcpkix is needed) and signed with the JDK's
 * {@link Signature}; the JDK's {@link CertificateFactory} then parses it back, which checks that
 * the encoding is one it accepts.
 */
public final class IdentityCertificates {

  /** The libp2p public-key extension, allocated by IANA to libp2p. */
  public static final String EXTENSION_OID = "1.3.6.1.4.1.53594.1.1";

  /** What the node signs before the DER SubjectPublicKeyInfo of the certificate key. */
  public static final byte[] SIGNATURE_PREFIX =
      "libp2p-tls-handshake:".getBytes(StandardCharsets.US_ASCII);

  /** libp2p's protobuf PublicKey header for an Ed25519 key of 32 bytes. */
  static final byte[] ED25519_KEY_HEADER = {0x08, 0x01, 0x12, 0x20};

  static final Duration BACKDATE = Duration.ofHours(1);
  static final Duration LIFETIME = Duration.ofDays(1);

  private static final X500Name NAME = new X500Name("CN=sovereign-mesh");
  private static final AlgorithmIdentifier ECDSA_SHA256 =
      new AlgorithmIdentifier(X9ObjectIdentifiers.ecdsa_with_SHA256);

  private static final SecureRandom RANDOM = new SecureRandom();

  private final NodeIdentity identity;
  private final Clock clock;

  /** A certificate and its private key, for one connection. */
  public record Issued(PrivateKey privateKey, X509Certificate certificate) {}

  /** Certificates for {@code identity}, dated by {@code clock}. */
  public IdentityCertificates(NodeIdentity identity, Clock clock) {
    this.identity = identity;
    this.clock = clock;
  }

  /** A fresh key and certificate, valid from an hour ago for a day. */
  public Issued issue() {
    Instant now = clock.instant();
    return issue(now.minus(BACKDATE), now.plus(LIFETIME));
  }

  /** A fresh key and certificate valid from {@code notBefore} to {@code notAfter}. */
  Issued issue(Instant notBefore, Instant notAfter) {
    KeyPair keys = newKeyPair();
    byte[] spki = keys.getPublic().getEncoded();
    byte[] signature = identity.sign(concat(SIGNATURE_PREFIX, spki));
    return build(keys, signedKey(identity.nodeId(), signature), notBefore, notAfter);
  }

  /** The libp2p protobuf encoding of the node's public key: header and the 32 key bytes. */
  static byte[] protobufKey(NodeId node) {
    return concat(ED25519_KEY_HEADER, node.publicKey());
  }

  /** The DER SignedKey for {@code node} and a signature (tests pass forged ones). */
  static byte[] signedKey(NodeId node, byte[] signature) {
    try {
      return new DERSequence(
              new ASN1Encodable[] {
                new DEROctetString(protobufKey(node)), new DEROctetString(signature)
              })
          .getEncoded(ASN1Encoding.DER);
    } catch (IOException e) {
      throw new IllegalStateException("DER encoding in memory cannot fail", e);
    }
  }

  /**
   * Builds a self-signed certificate for {@code keys} with the given extension value, or with no
   * libp2p extension when {@code extensionValue} is null (tests build bad certificates this way).
   */
  static Issued build(KeyPair keys, byte[] extensionValue, Instant notBefore, Instant notAfter) {
    try {
      V3TBSCertificateGenerator tbs = new V3TBSCertificateGenerator();
      tbs.setSerialNumber(new ASN1Integer(new BigInteger(63, RANDOM).add(BigInteger.ONE)));
      tbs.setSignature(ECDSA_SHA256);
      tbs.setIssuer(NAME);
      tbs.setSubject(NAME);
      tbs.setStartDate(new Time(Date.from(notBefore)));
      tbs.setEndDate(new Time(Date.from(notAfter)));
      tbs.setSubjectPublicKeyInfo(SubjectPublicKeyInfo.getInstance(keys.getPublic().getEncoded()));
      if (extensionValue != null) {
        tbs.setExtensions(
            new Extensions(
                new Extension(
                    new ASN1ObjectIdentifier(EXTENSION_OID),
                    true,
                    new DEROctetString(extensionValue))));
      }
      TBSCertificate toBeSigned = tbs.generateTBSCertificate();
      Signature signer = Signature.getInstance("SHA256withECDSA");
      signer.initSign(keys.getPrivate());
      signer.update(toBeSigned.getEncoded(ASN1Encoding.DER));
      byte[] der =
          new DERSequence(
                  new ASN1Encodable[] {toBeSigned, ECDSA_SHA256, new DERBitString(signer.sign())})
              .getEncoded(ASN1Encoding.DER);
      X509Certificate certificate =
          (X509Certificate)
              CertificateFactory.getInstance("X.509")
                  .generateCertificate(new ByteArrayInputStream(der));
      return new Issued(keys.getPrivate(), certificate);
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot make a TLS certificate: " + e.getMessage(), e);
    }
  }

  /** A new ECDSA P-256 key pair. */
  static KeyPair newKeyPair() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("ECDSA P-256 is part of every Java runtime", e);
    }
  }

  static byte[] concat(byte[] a, byte[] b) {
    byte[] out = new byte[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
