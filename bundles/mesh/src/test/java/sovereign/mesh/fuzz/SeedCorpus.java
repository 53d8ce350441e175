package sovereign.mesh.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSequence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import sovereign.mesh.SwarmKey;
import sovereign.mesh.gossip.GossipMessage;
import sovereign.mesh.gossip.MessageId;
import sovereign.mesh.gossip.PeerKey;
import sovereign.mesh.gossip.Rpc;
import sovereign.mesh.request.RequestFrame;
import sovereign.mesh.transport.IdentityCertificates;
import sovereign.mesh.transport.PeerCertificateVerifier;
import sovereign.mesh.transport.TestIdentity;

/**
 * The seed corpus of the fuzz tests, made with the real encoders, and the committed copy of it
 * under {@code src/test/resources/sovereign/mesh/fuzz/<Test>Inputs/<method>/}, where Jazzer looks
 * for it (in regression mode it runs each file once; when fuzzing it starts from them).
 *
 * <p>To rewrite the files: {@code ./mvnw -pl bundles/mesh test -Dtest=SeedCorpus
 * -Dfuzz.writeSeeds=true}. The files are small (a few hundred bytes each); the certificate seeds
 * carry fresh random keys, so a rewrite changes them.
 */
class SeedCorpus {

  private static final String PACKAGE_DIR = "sovereign/mesh/fuzz/";

  /** Every seed: directory under the package, then file name, then content. */
  static Map<String, Map<String, byte[]>> seeds() {
    Map<String, Map<String, byte[]>> all = new LinkedHashMap<>();
    Map<String, byte[]> rpc = new LinkedHashMap<>();
    rpc.put("empty", RpcCodecFuzzTest.ROOMY.encode(Rpc.EMPTY));
    rpc.put("every-kind", RpcCodecFuzzTest.ROOMY.encode(everyKind(new Random(1), 40)));
    rpc.put("tight", RpcCodecFuzzTest.TIGHT.encode(everyKind(new Random(2), 8)));
    all.put("RpcCodecFuzzTestInputs/decode", rpc);

    Map<String, byte[]> requests = new LinkedHashMap<>();
    requests.put(
        "request",
        RequestCodecFuzzTest.TIGHT.encode(
            RequestFrame.request(7, "/sovereign/blob/1", new byte[] {1, 2, 3})));
    requests.put(
        "response",
        RequestCodecFuzzTest.TIGHT.encode(
            RequestFrame.response(7, RequestFrame.Status.OK, new byte[] {4, 5})));
    requests.put(
        "error",
        RequestCodecFuzzTest.TIGHT.encode(
            RequestFrame.response(
                8, RequestFrame.Status.HANDLER_FAILED, "ärger".getBytes(StandardCharsets.UTF_8))));
    all.put("RequestCodecFuzzTestInputs/decode", requests);

    Map<String, byte[]> frames = new LinkedHashMap<>();
    byte[] rpcFrame = RpcCodecFuzzTest.TIGHT.encode(everyKind(new Random(3), 4));
    // limit 4080, chunks of up to 8 bytes: an empty frame, then an RPC frame.
    frames.put(
        "two-frames", concat(new byte[] {(byte) 0xff, 7}, frame(new byte[0]), frame(rpcFrame)));
    // limit 16, chunks of 0 to 3 bytes: a frame of 16, then one cut short.
    frames.put(
        "then-truncated",
        concat(new byte[] {1, (byte) 0x82}, frame(new byte[16]), new byte[] {0, 0, 0, 9, 1, 2}));
    // limit 16: a header of 17.
    frames.put("oversized", concat(new byte[] {1, 3}, new byte[] {0, 0, 0, 17}, new byte[17]));
    all.put("FrameDecoderFuzzTestInputs/frames", frames);

    Map<String, byte[]> tls = new LinkedHashMap<>();
    // A dialler's sniffer, one chunk: a handshake record header of TLS 1.0 (a ClientHello's).
    tls.put("client-hello", concat(new byte[] {0, 0x7f, 22, 3, 1, 0, 6}, new byte[] {1, 0, 0, 2}));
    // Byte by byte: an alert record (TLS 1.2 header), then more bytes.
    tls.put("alert", new byte[] {0, 0, 21, 3, 3, 0, 2, 2, 40, 22, 3, 3});
    // A listener's sniffer whose TLS factory fails, chunks of up to 4 bytes.
    tls.put("listener", new byte[] {1, 3, 22, 3, 3, 0x48, 0, 1, 2, 3});
    // Noise: what a peer with another swarm key sends.
    tls.put("noise", new byte[] {0, 2, (byte) 0x9c, 0x41, 0x07, (byte) 0xee, 0x10, 0x55});
    all.put("TlsRecordSnifferFuzzTestInputs/firstRecord", tls);

    Map<String, byte[]> swarm = new LinkedHashMap<>();
    SwarmKey key =
        SwarmKey.of(
            new byte[] {
              1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24,
              25, 26, 27, 28, 29, 30, 31, 32
            });
    swarm.put("valid", ascii(key.encode()));
    swarm.put("valid-crlf", ascii(key.encode().replace("\n", "\r\n")));
    swarm.put(
        "base64",
        ascii(SwarmKey.HEADER + "\n/base64/\nAQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyA=\n"));
    all.put("SwarmKeyFuzzTestInputs/parse", swarm);

    TestIdentity node = TestIdentity.random();
    X509Certificate issued =
        new IdentityCertificates(
                node, Clock.fixed(PeerCertificateVerifierFuzzTest.NOW, ZoneOffset.UTC))
            .issue()
            .certificate();
    Map<String, byte[]> certificates = new LinkedHashMap<>();
    try {
      certificates.put("identity-certificate", issued.getEncoded());
    } catch (java.security.cert.CertificateEncodingException e) {
      throw new IllegalStateException(e);
    }
    all.put("PeerCertificateVerifierFuzzTestInputs/certificate", certificates);

    Map<String, byte[]> extension = new LinkedHashMap<>();
    byte[] protobufKey = concat(new byte[] {0x08, 0x01, 0x12, 0x20}, node.nodeId().publicKey());
    extension.put("signed-key", signedKey(protobufKey, node.sign(new byte[] {1})));
    all.put("PeerCertificateVerifierFuzzTestInputs/extension", extension);
    return all;
  }

  @Test
  @EnabledIfSystemProperty(named = "fuzz.writeSeeds", matches = "true")
  void write() throws IOException {
    Path root = Path.of("src/test/resources").resolve(PACKAGE_DIR);
    for (Map.Entry<String, Map<String, byte[]>> dir : seeds().entrySet()) {
      Path path = Files.createDirectories(root.resolve(dir.getKey()));
      for (Map.Entry<String, byte[]> file : dir.getValue().entrySet()) {
        Files.write(path.resolve(file.getKey()), file.getValue());
      }
    }
  }

  /** The committed seeds are there, small, and still what their fuzz tests expect. */
  @Test
  void theCommittedSeedsAreValid() throws Exception {
    for (Map.Entry<String, Map<String, byte[]>> dir : seeds().entrySet()) {
      for (String name : dir.getValue().keySet()) {
        byte[] committed = committed(dir.getKey() + "/" + name);
        assertThat(committed.length).as(name).isLessThan(4096);
        if (dir.getKey().startsWith("RpcCodec")) {
          assertThat(RpcCodecFuzzTest.ROOMY.encode(RpcCodecFuzzTest.ROOMY.decode(committed)))
              .isEqualTo(committed);
        } else if (dir.getKey().endsWith("/certificate")) {
          X509Certificate certificate =
              (X509Certificate)
                  java.security.cert.CertificateFactory.getInstance("X.509")
                      .generateCertificate(new java.io.ByteArrayInputStream(committed));
          assertThat(
                  PeerCertificateVerifier.verify(
                      new X509Certificate[] {certificate}, PeerCertificateVerifierFuzzTest.NOW))
              .isNotNull();
        } else if (dir.getKey().startsWith("SwarmKey") && name.startsWith("valid")) {
          assertThat(SwarmKey.parse(committed)).isNotNull();
        } else if (!dir.getKey().startsWith("PeerCertificate")) {
          assertThat(committed).as(name).isEqualTo(dir.getValue().get(name));
        }
      }
    }
  }

  private static byte[] committed(String path) {
    try (InputStream in = SeedCorpus.class.getResourceAsStream("/" + PACKAGE_DIR + path)) {
      assertThat(in).as("seed %s (rewrite with -Dfuzz.writeSeeds=true)", path).isNotNull();
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** An RPC with every kind of part, payloads of up to {@code maxPayload} bytes. */
  private static Rpc everyKind(Random random, int maxPayload) {
    byte[] origin = new byte[PeerKey.BYTES];
    random.nextBytes(origin);
    byte[] payload = new byte[random.nextInt(maxPayload + 1)];
    random.nextBytes(payload);
    byte[] signature = new byte[GossipMessage.SIGNATURE_BYTES];
    random.nextBytes(signature);
    MessageId a = id(random);
    MessageId b = id(random);
    return Rpc.builder()
        .subscription(new Rpc.Subscription(true, "blocks"))
        .subscription(new Rpc.Subscription(false, "tx/é"))
        .message(new GossipMessage("blocks", new PeerKey(origin), 42, payload, signature))
        .graft(new Rpc.Graft("blocks"))
        .prune(new Rpc.Prune("tx/é", 60))
        .ihave(new Rpc.IHave("blocks", List.of(a, b)))
        .iwant(new Rpc.IWant(List.of(a)))
        .build();
  }

  private static MessageId id(Random random) {
    byte[] id = new byte[MessageId.BYTES];
    random.nextBytes(id);
    return new MessageId(id);
  }

  private static byte[] frame(byte[] payload) {
    return ByteBuffer.allocate(4 + payload.length).putInt(payload.length).put(payload).array();
  }

  private static byte[] signedKey(byte[] protobufKey, byte[] signature) {
    try {
      return new DERSequence(
              new ASN1Encodable[] {new DEROctetString(protobufKey), new DEROctetString(signature)})
          .getEncoded(ASN1Encoding.DER);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }

  private static byte[] concat(byte[]... parts) {
    ByteBuffer out =
        ByteBuffer.allocate(java.util.Arrays.stream(parts).mapToInt(p -> p.length).sum());
    for (byte[] part : parts) {
      out.put(part);
    }
    return out.array();
  }
}
