package sovereign.ledger;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import sovereign.api.identity.NodeId;
import sovereign.api.ledger.Currency;
import sovereign.api.ledger.Receipt;

/** The canonical bytes of a contribution receipt and the message its issuer signs. */
final class ReceiptCodec {

  static final int VERSION = 1;

  static final byte[] SIGNING_TAG =
      "sovereign/ledger/receipt/v1\0".getBytes(StandardCharsets.UTF_8);

  private ReceiptCodec() {}

  /** The receipt bytes (every field but the signature). */
  static byte[] encode(Receipt r) {
    return new Bytes.Writer()
        .u8(VERSION)
        .str(r.id())
        .raw(r.issuer().publicKey())
        .raw(r.contributor().publicKey())
        .str(r.work())
        .u8(r.currency().code())
        .i64(r.reward())
        .i64(r.timestamp().toEpochMilli())
        .toByteArray();
  }

  /** What the issuer signs: {@link #SIGNING_TAG} followed by the receipt bytes. */
  static byte[] signingMessage(Receipt r) {
    return new Bytes.Writer().raw(SIGNING_TAG).raw(encode(r)).toByteArray();
  }

  /**
   * Decodes receipt bytes with their signature.
   *
   * @throws IllegalArgumentException if the bytes are not a valid receipt encoding
   */
  static Receipt decode(byte[] bytes, byte[] signature) {
    Bytes.Reader in = new Bytes.Reader(bytes);
    int version = in.u8();
    if (version != VERSION) {
      throw new IllegalArgumentException("receipt encoding version " + version + " is not 1");
    }
    String id = in.str();
    NodeId issuer = NodeId.fromPublicKey(in.raw(32));
    NodeId contributor = NodeId.fromPublicKey(in.raw(32));
    String work = in.str();
    Currency currency = Currency.ofCode(in.u8());
    long reward = in.i64();
    Instant timestamp = Instant.ofEpochMilli(in.i64());
    in.end();
    return new Receipt(id, issuer, contributor, work, currency, reward, timestamp, signature);
  }
}
