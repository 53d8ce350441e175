package sovereign.ledger;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import sovereign.api.identity.NodeId;
import sovereign.api.ledger.Action;
import sovereign.api.ledger.ActionType;
import sovereign.api.ledger.Currency;
import sovereign.api.ledger.Entry;
import sovereign.api.ledger.Hash;
import sovereign.api.ledger.Outcome;
import sovereign.api.ledger.Posting;

/**
 * The one canonical byte encoding of an entry, its hash and its signing message, byte by byte as in
 * docs/ledger.md ("Encoding").
 */
final class EntryCodec {

  /** The first byte of every entry encoding. */
  static final int VERSION = 1;

  /** Prefix of the message an actor signs: this text, a zero byte, then the entry hash. */
  static final byte[] SIGNING_TAG = "sovereign/ledger/entry/v1\0".getBytes(StandardCharsets.UTF_8);

  private EntryCodec() {}

  /** The fields of an entry that its bytes hold: everything but previous, hash and signature. */
  record Body(
      NodeId actor,
      long sequence,
      Instant timestamp,
      Action action,
      List<Posting> postings,
      Outcome outcome,
      String memo) {}

  /** The entry bytes. */
  static byte[] encode(Body body) {
    Bytes.Writer out =
        new Bytes.Writer()
            .u8(VERSION)
            .raw(body.actor().publicKey())
            .i64(body.sequence())
            .i64(body.timestamp().toEpochMilli())
            .u8(body.action().type().code());
    writeAction(out, body.action());
    out.u8(body.outcome() == Outcome.SUCCESS ? 0 : 1).u16(body.postings().size());
    for (Posting p : body.postings()) {
      out.str(p.account()).u8(p.currency().code()).i64(p.amount());
    }
    return out.str(body.memo()).toByteArray();
  }

  /** The entry bytes of an entry. */
  static byte[] encode(Entry e) {
    return encode(
        new Body(
            e.actor(),
            e.sequence(),
            e.timestamp(),
            e.action(),
            e.postings(),
            e.outcome(),
            e.memo()));
  }

  /** SHA-256(previous || entry bytes). */
  static Hash hash(Hash previous, byte[] entryBytes) {
    return Hash.of(Bytes.sha256(previous.bytes(), entryBytes));
  }

  /** What the actor signs: {@link #SIGNING_TAG} followed by the 32 bytes of the hash. */
  static byte[] signingMessage(Hash hash) {
    return new Bytes.Writer().raw(SIGNING_TAG).raw(hash.bytes()).toByteArray();
  }

  /**
   * Decodes entry bytes; the hash is recomputed from {@code previous} and the bytes.
   *
   * @throws IllegalArgumentException if the bytes are not a valid encoding, saying why
   */
  static Entry decode(byte[] bytes, Hash previous, byte[] signature) {
    Bytes.Reader in = new Bytes.Reader(bytes);
    int version = in.u8();
    if (version != VERSION) {
      throw new IllegalArgumentException("encoding version " + version + " is not 1");
    }
    NodeId actor = actor(in.raw(32));
    long sequence = in.i64();
    Instant timestamp = Instant.ofEpochMilli(in.i64());
    Action action = readAction(in, ActionType.ofCode(in.u8()));
    int outcomeCode = in.u8();
    if (outcomeCode > 1) {
      throw new IllegalArgumentException("outcome code " + outcomeCode + " is not 0 or 1");
    }
    int count = in.u16();
    List<Posting> postings = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      postings.add(new Posting(in.str(), Currency.ofCode(in.u8()), in.i64()));
    }
    String memo = in.str();
    in.end();
    return new Entry(
        actor,
        sequence,
        previous,
        hash(previous, bytes),
        timestamp,
        action,
        postings,
        outcomeCode == 0 ? Outcome.SUCCESS : Outcome.FAIL,
        memo,
        signature);
  }

  /** NodeIDs by public key (bounded): base58-encoding a key is the costly part of decoding. */
  private static final Map<String, NodeId> ACTORS = new ConcurrentHashMap<>();

  private static NodeId actor(byte[] publicKey) {
    String key = HexFormat.of().formatHex(publicKey);
    NodeId id = ACTORS.get(key);
    if (id == null) {
      id = NodeId.fromPublicKey(publicKey);
      if (ACTORS.size() >= 8192) {
        ACTORS.clear();
      }
      ACTORS.put(key, id);
    }
    return id;
  }

  private static void writeAction(Bytes.Writer out, Action action) {
    switch (action.type()) {
      case LLM_INFERENCE -> {
        Action.LlmInference a = (Action.LlmInference) action;
        out.i64(a.tokens()).str(a.model());
      }
      case TOOL_EXEC -> out.str(((Action.ToolExec) action).tool());
      case SANDBOX_EXEC -> {
        Action.SandboxExec a = (Action.SandboxExec) action;
        out.str(a.skill()).i64(a.millis());
      }
      case EVOLUTION_SIM -> out.str(((Action.EvolutionSim) action).proposal());
      case BOUNTY_PAYOUT -> out.str(((Action.BountyPayout) action).target());
      case GENESIS, MINT, TRANSFER, DAO_FEE -> {
        // no parameters
      }
    }
  }

  private static Action readAction(Bytes.Reader in, ActionType type) {
    return switch (type) {
      case GENESIS -> new Action.Genesis();
      case MINT -> new Action.Mint();
      case TRANSFER -> new Action.Transfer();
      case DAO_FEE -> new Action.DaoFee();
      case LLM_INFERENCE -> {
        long tokens = in.i64();
        yield new Action.LlmInference(tokens, in.str());
      }
      case TOOL_EXEC -> new Action.ToolExec(in.str());
      case SANDBOX_EXEC -> {
        String skill = in.str();
        yield new Action.SandboxExec(skill, in.i64());
      }
      case EVOLUTION_SIM -> new Action.EvolutionSim(in.str());
      case BOUNTY_PAYOUT -> new Action.BountyPayout(in.str());
    };
  }
}
