package sovereign.ledger;

import java.security.SecureRandom;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import sovereign.api.identity.NodeId;
import sovereign.api.ledger.Action;
import sovereign.api.ledger.Currency;
import sovereign.api.ledger.Entry;
import sovereign.api.ledger.Hash;
import sovereign.api.ledger.Head;
import sovereign.api.ledger.ImportResult;
import sovereign.api.ledger.Outcome;
import sovereign.api.ledger.Posting;
import sovereign.api.ledger.Receipt;

/**
 * What comes from other actors: their entries (checked, linked, or kept as proof of equivocation)
 * and contribution receipts; and the receipts this node issues. A second submission of anything
 * already recorded is answered {@code ALREADY_RECORDED}, written to {@code replays} and logged.
 */
final class Imports {

  private final LedgerEngine engine;
  private final SecureRandom random = new SecureRandom();

  Imports(LedgerEngine engine) {
    this.engine = engine;
  }

  ImportResult importEntry(Entry e) {
    byte[] body = EntryCodec.encode(e);
    Hash hash = EntryCodec.hash(e.previous(), body);
    if (!hash.equals(e.hash())) {
      return ImportResult.rejected(
          e.name() + ": its hash " + e.hash() + " is not the hash of its content (" + hash + ")");
    }
    if (!engine.identity.verify(e.actor(), EntryCodec.signingMessage(hash), e.signature())) {
      return ImportResult.rejected(
          e.name() + ": its signature does not verify against the actor's NodeID");
    }
    Pending pending = null;
    engine.lock.lock();
    try {
      engine.awaitNoExclusive();
      Head tip = engine.tipHead(e.actor());
      if (engine.broken() == null
          && e.sequence() == (tip == null ? 0 : tip.sequence() + 1)
          && e.previous().equals(tip == null ? Hash.ZERO : tip.hash())
          && !engine.isFlagged(e.actor())
          && engine.rules.problem(
                  e.actor(), e.sequence(), e.action().type(), e.postings(), engine::tipBalance, 0)
              == null) {
        pending = Pending.signed(e, body);
        engine.applyToTip(pending);
        engine.enqueue(pending);
      }
    } finally {
      engine.lock.unlock();
    }
    if (pending != null) {
      engine.join(pending);
      return ImportResult.added();
    }
    // Anything but the next entry of a chain is answered with the ledger at rest.
    engine.lockExclusive();
    try {
      if (engine.broken() != null) {
        return ImportResult.rejected(
            "this ledger refuses writes: chain broken at "
                + engine.broken()
                + "; run ledger:verify");
      }
      Head head = engine.head(e.actor());
      long next = head == null ? 0 : head.sequence() + 1;
      if (e.sequence() < next) {
        return known(e, body);
      }
      if (e.sequence() > next) {
        return ImportResult.rejected(
            e.name()
                + " does not follow "
                + (head == null
                    ? "anything held here: this ledger holds none of the actor's entries"
                    : "the actor's last entry held here, #" + head.sequence())
                + "; import the entries from #"
                + next
                + " first");
      }
      Hash expected = head == null ? Hash.ZERO : head.hash();
      if (!e.previous().equals(expected)) {
        return ImportResult.rejected(
            e.name()
                + ": its previous hash "
                + e.previous()
                + " does not link to the entry held before it ("
                + expected
                + ")");
      }
      if (engine.flagged().contains(e.actor())) {
        return ImportResult.rejected(e.name() + ": the actor is locked, flagged for equivocation");
      }
      String problem =
          engine.rules.problem(
              e.actor(), e.sequence(), e.action().type(), e.postings(), engine::balance, 0);
      if (problem != null) {
        return ImportResult.rejected(e.name() + ": " + problem);
      }
      engine.persist(e, body);
      return ImportResult.added();
    } finally {
      engine.unlockExclusive();
    }
  }

  /** An entry at a sequence already held: the same one, or an equivocation. */
  private ImportResult known(Entry e, byte[] body) {
    try {
      Entry held = engine.reads.entry(e.actor(), e.sequence()).orElseThrow();
      if (held.hash().equals(e.hash())) {
        replay("entry", e.name(), "entry " + e.hash() + " submitted again");
        return ImportResult.alreadyRecorded();
      }
      if (engine.reads.isEquivocationProof(e.hash())) {
        replay("entry", e.name(), "equivocation proof " + e.hash() + " submitted again");
        return ImportResult.alreadyRecorded();
      }
      engine.store.insertEquivocation(e, body, engine.now());
      engine.store.commit();
    } catch (SQLException ex) {
      engine.store.rollbackQuietly();
      throw engine.failure(ex);
    }
    engine.flag(e.actor());
    String reason =
        e.actor()
            + " signed two entries at #"
            + e.sequence()
            + " ("
            + e.hash()
            + " besides the one held); both are kept as proof and the actor is locked";
    engine.options.warn().accept("equivocation: " + reason);
    return ImportResult.equivocation(reason);
  }

  Receipt issueReceipt(NodeId contributor, String work, long reward, Currency currency) {
    byte[] idBytes = new byte[16];
    random.nextBytes(idBytes);
    String id = HexFormat.of().formatHex(idBytes);
    Instant now = Instant.ofEpochMilli(engine.now());
    Receipt unsigned =
        new Receipt(id, engine.self, contributor, work, currency, reward, now, new byte[64]);
    Receipt receipt =
        new Receipt(
            id,
            engine.self,
            contributor,
            work,
            currency,
            reward,
            now,
            engine.identity.sign(ReceiptCodec.signingMessage(unsigned)));
    engine.lockExclusive();
    try {
      engine.requireIntact();
      if (reward > 0) {
        engine.writeOwn(
            new Action.BountyPayout(id),
            List.of(
                new Posting(engine.selfWallet, currency, -reward),
                new Posting(contributor.toString(), currency, reward)),
            Outcome.SUCCESS,
            "contribution receipt " + id + ": " + work,
            currency == Currency.IPPC ? engine.holds.held() : 0,
            e -> engine.store.insertReceipt(receipt, engine.now()));
      } else {
        try {
          engine.store.insertReceipt(receipt, engine.now());
          engine.store.commit();
        } catch (SQLException e) {
          engine.store.rollbackQuietly();
          throw engine.failure(e);
        }
      }
      return receipt;
    } finally {
      engine.unlockExclusive();
    }
  }

  ImportResult submitReceipt(Receipt r) {
    if (!engine.identity.verify(r.issuer(), ReceiptCodec.signingMessage(r), r.signature())) {
      return ImportResult.rejected(
          "receipt " + r.id() + ": its signature does not verify against issuer " + r.issuer());
    }
    engine.lockExclusive();
    try {
      if (engine.broken() != null) {
        return ImportResult.rejected(
            "this ledger refuses writes: chain broken at " + engine.broken());
      }
      Optional<Receipt> held = engine.reads.receipt(r.id());
      if (held.isPresent()) {
        boolean same =
            Arrays.equals(ReceiptCodec.encode(held.get()), ReceiptCodec.encode(r))
                && Arrays.equals(held.get().signature(), r.signature());
        replay("receipt", r.id(), same ? "receipt submitted again" : "another receipt, same id");
        return same
            ? ImportResult.alreadyRecorded()
            : ImportResult.rejected(
                "receipt id " + r.id() + " is already recorded with other content");
      }
      if (engine.flagged().contains(r.issuer())) {
        return ImportResult.rejected(
            "receipt " + r.id() + ": issuer " + r.issuer() + " is locked for equivocation");
      }
      engine.store.insertReceipt(r, engine.now());
      engine.store.commit();
      return ImportResult.added();
    } catch (SQLException e) {
      engine.store.rollbackQuietly();
      throw engine.failure(e);
    } finally {
      engine.unlockExclusive();
    }
  }

  /** Audits a second submission: a row in {@code replays} and a log line. */
  private void replay(String kind, String subject, String detail) {
    try {
      engine.store.insertReplay(kind, subject, detail, engine.now());
      engine.store.commit();
    } catch (SQLException e) {
      engine.store.rollbackQuietly();
      throw engine.failure(e);
    }
    engine.options.warn().accept("replay of " + kind + " " + subject + ": " + detail);
  }
}
