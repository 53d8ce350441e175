package sovereign.mesh.replication;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import sovereign.api.identity.NodeId;
import sovereign.api.ledger.Action;
import sovereign.api.ledger.ActionType;
import sovereign.api.ledger.Currency;
import sovereign.api.ledger.Entry;
import sovereign.api.ledger.Hash;
import sovereign.api.ledger.Outcome;
import sovereign.api.ledger.Posting;
import sovereign.mesh.wire.StrictUtf8;

/**
 * Ledger entries on the wire: the canonical entry bytes of docs/ledger.md ("Encoding"), byte for
 * byte as the ledger hashes them, with the link and the signature around them.
 *
 * <p>A batch, the payload of {@value LedgerReplication#ENTRIES_TOPIC}:
 *
 * <pre>
 * batch  = version u8 (0x01) || count u16 || count × (length u32 || record)
 * record = previous (32 bytes) || signature (64 bytes) || entry bytes
 * </pre>
 *
 * The hash is not sent: the receiver recomputes {@code SHA-256(previous || entry bytes)}, so a
 * record can only be what its actor signed or fail {@link #verify}.
 */
final class EntryWire {

  /** The first byte of a batch. */
  static final int VERSION = 1;

  /** The first byte of the entry bytes (docs/ledger.md). */
  static final int ENTRY_VERSION = 1;

  /** Most entries a received batch may hold, whatever the sender's maxBatch. */
  static final int MAX_COUNT = 4096;

  /** Prefix of what an actor signs: this text, a zero byte, then the entry hash. */
  static final byte[] SIGNING_TAG = "sovereign/ledger/entry/v1\0".getBytes(StandardCharsets.UTF_8);

  private static final int RECORD_HEAD = Hash.LENGTH + Entry.SIGNATURE_LENGTH;

  private EntryWire() {}

  /** The canonical entry bytes (without previous, hash and signature). */
  static byte[] entryBytes(Entry e) {
    Out out = new Out();
    out.u8(ENTRY_VERSION);
    out.raw(e.actor().publicKey());
    out.i64(e.sequence());
    out.i64(e.timestamp().toEpochMilli());
    out.u8(e.action().type().code());
    Action action = e.action();
    if (action instanceof Action.LlmInference a) {
      out.i64(a.tokens());
      out.str(a.model());
    } else if (action instanceof Action.ToolExec a) {
      out.str(a.tool());
    } else if (action instanceof Action.SandboxExec a) {
      out.str(a.skill());
      out.i64(a.millis());
    } else if (action instanceof Action.EvolutionSim a) {
      out.str(a.proposal());
    } else if (action instanceof Action.BountyPayout a) {
      out.str(a.target());
    }
    out.u8(e.outcome() == Outcome.SUCCESS ? 0 : 1);
    out.u16(e.postings().size());
    for (Posting p : e.postings()) {
      out.str(p.account());
      out.u8(p.currency().code());
      out.i64(p.amount());
    }
    out.str(e.memo());
    return out.toByteArray();
  }

  /** One record: previous || signature || entry bytes. */
  static byte[] record(Entry e) {
    byte[] body = entryBytes(e);
    return ByteBuffer.allocate(RECORD_HEAD + body.length)
        .put(e.previous().bytes())
        .put(e.signature())
        .put(body)
        .array();
  }

  /**
   * Splits records into batches of at most {@code maxCount} records and {@code maxBytes} bytes each
   * (a single record larger than that still gets a batch of its own).
   */
  static List<byte[]> batches(List<byte[]> records, int maxCount, int maxBytes) {
    List<byte[]> out = new ArrayList<>();
    List<byte[]> current = new ArrayList<>();
    int size = 3;
    for (byte[] r : records) {
      if (!current.isEmpty() && (current.size() >= maxCount || size + 4 + r.length > maxBytes)) {
        out.add(batch(current));
        current = new ArrayList<>();
        size = 3;
      }
      current.add(r);
      size += 4 + r.length;
    }
    if (!current.isEmpty()) {
      out.add(batch(current));
    }
    return out;
  }

  static byte[] batch(List<byte[]> records) {
    Out out = new Out();
    out.u8(VERSION);
    out.u16(records.size());
    for (byte[] r : records) {
      out.u32(r.length);
      out.raw(r);
    }
    return out.toByteArray();
  }

  /**
   * Decodes a batch.
   *
   * @throws IllegalArgumentException if it is not a valid batch of valid records, saying why
   */
  static List<Entry> decodeBatch(byte[] payload) {
    ByteBuffer in = ByteBuffer.wrap(payload);
    int version = u8(in);
    if (version != VERSION) {
      throw new IllegalArgumentException("batch version " + version + " is not " + VERSION);
    }
    int count = u16(in);
    if (count == 0 || count > MAX_COUNT) {
      throw new IllegalArgumentException("a batch holds 1 to " + MAX_COUNT + ", not " + count);
    }
    List<Entry> entries = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      long n = u32(in);
      if (n > in.remaining()) {
        throw new IllegalArgumentException("record " + i + " runs past the end");
      }
      byte[] record = new byte[(int) n];
      in.get(record);
      entries.add(decodeRecord(record));
    }
    if (in.hasRemaining()) {
      throw new IllegalArgumentException(in.remaining() + " bytes follow the last record");
    }
    return entries;
  }

  /** Decodes one record; the hash is recomputed. */
  static Entry decodeRecord(byte[] record) {
    if (record.length < RECORD_HEAD) {
      throw new IllegalArgumentException("a record of " + record.length + " bytes is too short");
    }
    byte[] prev = new byte[Hash.LENGTH];
    byte[] signature = new byte[Entry.SIGNATURE_LENGTH];
    ByteBuffer in = ByteBuffer.wrap(record);
    in.get(prev).get(signature);
    byte[] body = new byte[in.remaining()];
    in.get(body);
    Hash previous = Hash.of(prev);
    ByteBuffer b = ByteBuffer.wrap(body);
    int version = u8(b);
    if (version != ENTRY_VERSION) {
      throw new IllegalArgumentException("entry encoding version " + version + " is not 1");
    }
    byte[] key = new byte[32];
    need(b, 32);
    b.get(key);
    NodeId actor = NodeId.fromPublicKey(key);
    long sequence = i64(b);
    Instant timestamp = Instant.ofEpochMilli(i64(b));
    ActionType type = ActionType.ofCode(u8(b));
    Action action =
        switch (type) {
          case GENESIS -> new Action.Genesis();
          case MINT -> new Action.Mint();
          case TRANSFER -> new Action.Transfer();
          case DAO_FEE -> new Action.DaoFee();
          case LLM_INFERENCE -> {
            long tokens = i64(b);
            yield new Action.LlmInference(tokens, str(b));
          }
          case TOOL_EXEC -> new Action.ToolExec(str(b));
          case SANDBOX_EXEC -> {
            String skill = str(b);
            yield new Action.SandboxExec(skill, i64(b));
          }
          case EVOLUTION_SIM -> new Action.EvolutionSim(str(b));
          case BOUNTY_PAYOUT -> new Action.BountyPayout(str(b));
        };
    int outcome = u8(b);
    if (outcome > 1) {
      throw new IllegalArgumentException("outcome code " + outcome + " is not 0 or 1");
    }
    int count = u16(b);
    List<Posting> postings = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      postings.add(new Posting(str(b), Currency.ofCode(u8(b)), i64(b)));
    }
    String memo = str(b);
    if (b.hasRemaining()) {
      throw new IllegalArgumentException(b.remaining() + " bytes follow the memo");
    }
    return new Entry(
        actor,
        sequence,
        previous,
        Hash.of(sha256(prev, body)),
        timestamp,
        action,
        postings,
        outcome == 0 ? Outcome.SUCCESS : Outcome.FAIL,
        memo,
        signature);
  }

  /** The hash an entry should have: SHA-256(previous || entry bytes). */
  static Hash hash(Entry e) {
    return Hash.of(sha256(e.previous().bytes(), entryBytes(e)));
  }

  /** What the actor signs: {@link #SIGNING_TAG} then the hash. */
  static byte[] signingMessage(Hash hash) {
    byte[] h = hash.bytes();
    byte[] m = new byte[SIGNING_TAG.length + h.length];
    System.arraycopy(SIGNING_TAG, 0, m, 0, SIGNING_TAG.length);
    System.arraycopy(h, 0, m, SIGNING_TAG.length, h.length);
    return m;
  }

  /**
   * Whether the entry's hash is the hash of its content and its signature is its actor's, and its
   * link has the right shape (zero exactly at sequence 0). Never throws.
   */
  static boolean verify(Entry e) {
    try {
      if ((e.sequence() == 0) != e.previous().equals(Hash.ZERO)) {
        return false;
      }
      if (!hash(e).equals(e.hash())) {
        return false;
      }
      byte[] message = signingMessage(e.hash());
      Ed25519Signer v = new Ed25519Signer();
      v.init(false, new Ed25519PublicKeyParameters(e.actor().publicKey(), 0));
      v.update(message, 0, message.length);
      return v.verifySignature(e.signature());
    } catch (RuntimeException ex) {
      return false;
    }
  }

  static byte[] sha256(byte[]... parts) {
    try {
      MessageDigest d = MessageDigest.getInstance("SHA-256");
      for (byte[] p : parts) {
        d.update(p);
      }
      return d.digest();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this JVM has no SHA-256", e);
    }
  }

  // --- primitives: big-endian, strict ---

  static void need(ByteBuffer in, int n) {
    if (in.remaining() < n) {
      throw new IllegalArgumentException("the bytes end in the middle of a field");
    }
  }

  static int u8(ByteBuffer in) {
    need(in, 1);
    return in.get() & 0xff;
  }

  static int u16(ByteBuffer in) {
    need(in, 2);
    return in.getShort() & 0xffff;
  }

  static long u32(ByteBuffer in) {
    need(in, 4);
    return in.getInt() & 0xffffffffL;
  }

  static long i64(ByteBuffer in) {
    need(in, 8);
    return in.getLong();
  }

  static String str(ByteBuffer in) {
    long n = u32(in);
    if (n > in.remaining()) {
      throw new IllegalArgumentException("a string of " + n + " bytes runs past the end");
    }
    byte[] utf8 = new byte[(int) n];
    in.get(utf8);
    return StrictUtf8.decode(utf8)
        .orElseThrow(() -> new IllegalArgumentException("a string is not valid UTF-8"));
  }

  /** A growing big-endian buffer. */
  static final class Out {
    private final ByteArrayOutputStream buf = new ByteArrayOutputStream(256);

    void u8(int v) {
      buf.write(v);
    }

    void u16(int v) {
      u8(v >>> 8);
      u8(v);
    }

    void u32(long v) {
      for (int shift = 24; shift >= 0; shift -= 8) {
        buf.write((int) (v >>> shift));
      }
    }

    void i64(long v) {
      for (int shift = 56; shift >= 0; shift -= 8) {
        buf.write((int) (v >>> shift));
      }
    }

    void raw(byte[] b) {
      buf.write(b, 0, b.length);
    }

    void str(String s) {
      byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
      u32(utf8.length);
      raw(utf8);
    }

    byte[] toByteArray() {
      return buf.toByteArray();
    }
  }
}
