package sovereign.ledger;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import sovereign.api.ledger.Entry;
import sovereign.api.ledger.Hash;
import sovereign.api.ledger.Receipt;
import sovereign.api.ledger.Verification.Problem;

/**
 * The tables beside the chains: every equivocation proof is a validly signed entry that differs
 * from the one held at its place; every receipt is signed by its issuer and stored under its id;
 * every hold end ends a hold that exists.
 */
final class ProofCheck {

  private final LedgerEngine engine;

  ProofCheck(LedgerEngine engine) {
    this.engine = engine;
  }

  Optional<Problem> run() throws SQLException {
    Optional<Problem> p = equivocations();
    if (p.isEmpty()) {
      p = receipts();
    }
    if (p.isEmpty()
        && Verifier.count(
                engine,
                "SELECT COUNT(*) FROM hold_ends e WHERE NOT EXISTS"
                    + " (SELECT 1 FROM holds h WHERE h.id = e.hold)")
            > 0) {
      p = StartCheck.problem("", -1, "hold_ends has rows for holds that do not exist");
    }
    return p;
  }

  private Optional<Problem> equivocations() throws SQLException {
    try (Statement s = engine.store.connection().createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT q.actor, q.sequence, q.previous, q.hash, q.body, q.signature, e.hash"
                    + " FROM equivocations q LEFT JOIN entries e"
                    + " ON e.actor = q.actor AND e.sequence = q.sequence ORDER BY q.position")) {
      while (rs.next()) {
        String actor = rs.getString(1);
        long sequence = rs.getLong(2);
        Entry proof;
        try {
          proof = EntryCodec.decode(rs.getBytes(5), Hash.of(rs.getBytes(3)), rs.getBytes(6));
        } catch (IllegalArgumentException e) {
          return proof(actor, sequence, "its bytes do not decode: " + e.getMessage());
        }
        byte[] held = rs.getBytes(7);
        if (!proof.hash().equals(Hash.of(rs.getBytes(4)))
            || !proof.actor().toString().equals(actor)
            || proof.sequence() != sequence
            || !engine.identity.verify(
                proof.actor(), EntryCodec.signingMessage(proof.hash()), proof.signature())) {
          return proof(actor, sequence, "it was altered: its hash, place or signature is wrong");
        }
        if (held == null || Hash.of(held).equals(proof.hash())) {
          return proof(actor, sequence, "no different entry is held at its place");
        }
      }
    } finally {
      engine.store.connection().commit();
    }
    return Optional.empty();
  }

  private Optional<Problem> receipts() throws SQLException {
    try (Statement s = engine.store.connection().createStatement();
        ResultSet rs = s.executeQuery("SELECT id, body, signature FROM receipts ORDER BY id")) {
      while (rs.next()) {
        String id = rs.getString(1);
        try {
          Receipt r = ReceiptCodec.decode(rs.getBytes(2), rs.getBytes(3));
          if (!r.id().equals(id)
              || !engine.identity.verify(
                  r.issuer(), ReceiptCodec.signingMessage(r), r.signature())) {
            return StartCheck.problem(
                "", -1, "receipt " + id + " was altered: its id or signature is wrong");
          }
        } catch (IllegalArgumentException e) {
          return StartCheck.problem(
              "", -1, "receipt " + id + " does not decode: " + e.getMessage());
        }
      }
    } finally {
      engine.store.connection().commit();
    }
    return Optional.empty();
  }

  private static Optional<Problem> proof(String actor, long sequence, String what) {
    return StartCheck.problem(actor, sequence, "equivocation proof: " + what);
  }
}
