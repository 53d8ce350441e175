package sovereign.ledger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import sovereign.api.ledger.Accounts;
import sovereign.api.ledger.Action;
import sovereign.api.ledger.Amounts;
import sovereign.api.ledger.Currency;
import sovereign.api.ledger.Entry;
import sovereign.api.ledger.Equivocation;
import sovereign.api.ledger.Hash;
import sovereign.api.ledger.Head;
import sovereign.api.ledger.Posting;
import sovereign.api.ledger.Snapshot;

/**
 * The JSON forms (docs/ledger.md): the settlement snapshot, canonical (fixed field order, sorted
 * arrays, two-space indent, {@code \n} line ends, no time of its own) so that one set of entries
 * always gives the same bytes; and the export, one entry per line.
 */
final class LedgerJson {

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final DefaultPrettyPrinter PRETTY =
      new DefaultPrettyPrinter()
          .withObjectIndenter(new DefaultIndenter("  ", "\n"))
          .withArrayIndenter(new DefaultIndenter("  ", "\n"));

  private LedgerJson() {}

  /** The snapshot of the engine's state. Caller holds the lock. */
  static Snapshot snapshot(LedgerEngine engine) throws SQLException {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("format", "sovereign-ledger-snapshot");
    root.put("version", 1);
    List<Head> heads = new ArrayList<>(engine.heads().values());
    heads.sort(Comparator.comparing(h -> h.actor().toString()));
    long entries = 0;
    ArrayNode headArray = root.putArray("heads");
    for (Head h : heads) {
      entries += h.sequence() + 1;
      headArray
          .addObject()
          .put("actor", h.actor().toString())
          .put("sequence", h.sequence())
          .put("hash", h.hash().toString());
    }
    root.put("entries", entries);
    ArrayNode balances = root.putArray("balances");
    ObjectNode minted = MAPPER.createObjectNode();
    for (Map.Entry<String, long[]> account : new TreeMap<>(engine.allBalances()).entrySet()) {
      for (Currency c : Currency.values()) {
        long micros = account.getValue()[c.ordinal()];
        if (micros != 0) {
          amount(balances.addObject().put("account", account.getKey()), c, micros);
        }
        if (micros != 0 && account.getKey().equals(Accounts.MINT)) {
          amount(minted.putObject(c.name()), null, -micros);
        }
      }
    }
    root.set("minted", minted);
    ArrayNode proofs = root.putArray("equivocations");
    List<Equivocation> equivocations = new ArrayList<>(engine.reads.equivocations());
    equivocations.sort(
        Comparator.comparing((Equivocation q) -> q.recorded().actor().toString())
            .thenComparingLong(q -> q.recorded().sequence())
            .thenComparing(q -> q.conflicting().hash()));
    for (Equivocation q : equivocations) {
      List<Hash> pair = new ArrayList<>(List.of(q.recorded().hash(), q.conflicting().hash()));
      pair.sort(null);
      ObjectNode proof =
          proofs
              .addObject()
              .put("actor", q.recorded().actor().toString())
              .put("sequence", q.recorded().sequence());
      ArrayNode hashes = proof.putArray("hashes");
      pair.forEach(h -> hashes.add(h.toString()));
    }
    root.put("receipts", Verifier.count(engine, "SELECT COUNT(*) FROM receipts"));
    String json;
    try {
      json = MAPPER.writer(PRETTY).writeValueAsString(root) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write the snapshot as JSON", e);
    }
    return new Snapshot(
        json, Hash.of(Bytes.sha256(json.getBytes(StandardCharsets.UTF_8))), entries);
  }

  /** Every entry as one JSON line, by actor then sequence. Caller holds the lock. */
  static long export(LedgerEngine engine, OutputStream out) throws SQLException, IOException {
    long[] count = {0};
    engine.reads.forEachEntry(
        e -> {
          out.write(MAPPER.writeValueAsBytes(entry(e)));
          out.write('\n');
          count[0]++;
        });
    out.flush();
    return count[0];
  }

  /** One entry as a JSON object, with its canonical bytes in base64. */
  static ObjectNode entry(Entry e) {
    ObjectNode o = MAPPER.createObjectNode();
    o.put("actor", e.actor().toString());
    o.put("sequence", e.sequence());
    o.put("previous", e.previous().toString());
    o.put("hash", e.hash().toString());
    o.put("timestamp", e.timestamp().toString());
    o.set("action", action(e.action()));
    ArrayNode postings = o.putArray("postings");
    for (Posting p : e.postings()) {
      amount(postings.addObject().put("account", p.account()), p.currency(), p.amount());
    }
    o.put("outcome", e.outcome().name());
    o.put("memo", e.memo());
    o.put("signature", Base64.getEncoder().encodeToString(e.signature()));
    o.put("bytes", Base64.getEncoder().encodeToString(EntryCodec.encode(e)));
    return o;
  }

  private static ObjectNode action(Action a) {
    ObjectNode o = MAPPER.createObjectNode().put("type", a.type().name());
    if (a instanceof Action.LlmInference x) {
      o.put("tokens", x.tokens()).put("model", x.model());
    } else if (a instanceof Action.ToolExec x) {
      o.put("tool", x.tool());
    } else if (a instanceof Action.SandboxExec x) {
      o.put("skill", x.skill()).put("millis", x.millis());
    } else if (a instanceof Action.EvolutionSim x) {
      o.put("proposal", x.proposal());
    } else if (a instanceof Action.BountyPayout x) {
      o.put("target", x.target());
    }
    return o;
  }

  private static void amount(ObjectNode o, Currency currency, long micros) {
    if (currency != null) {
      o.put("currency", currency.name());
    }
    o.put("micros", micros).put("amount", Amounts.format(micros));
  }
}
