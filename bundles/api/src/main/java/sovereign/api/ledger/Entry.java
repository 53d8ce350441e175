package sovereign.api.ledger;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import sovereign.api.identity.NodeId;

/**
 * One signed link of an actor's chain. {@code hash = SHA-256(previous || entry bytes)} and {@code
 * signature} is the actor's Ed25519 signature of that hash; the byte layout is in docs/ledger.md.
 * The constructor checks the shape only; whether the entry is balanced, authorised, linked and
 * signed is the ledger's business.
 *
 * @param actor the node whose chain this entry extends and who signed it
 * @param sequence position in the actor's chain, from 0
 * @param previous hash of the actor's entry {@code sequence - 1}; {@link Hash#ZERO} for sequence 0
 * @param hash SHA-256(previous || entry bytes)
 * @param timestamp when the actor wrote it, whole milliseconds (finer precision is cut)
 * @param action what was done
 * @param postings at least one; they sum to zero per currency in a valid entry
 * @param outcome whether the action succeeded
 * @param memo free text, possibly empty
 * @param signature Ed25519 signature (64 bytes) of the signing message (docs/ledger.md)
 */
public record Entry(
    NodeId actor,
    long sequence,
    Hash previous,
    Hash hash,
    Instant timestamp,
    Action action,
    List<Posting> postings,
    Outcome outcome,
    String memo,
    byte[] signature) {

  /** Most postings an entry may have. */
  public static final int MAX_POSTINGS = 64;

  /** Longest memo, in characters. */
  public static final int MAX_MEMO = 1024;

  /** Bytes in an Ed25519 signature. */
  public static final int SIGNATURE_LENGTH = 64;

  public Entry {
    Objects.requireNonNull(actor, "actor");
    Objects.requireNonNull(previous, "previous");
    Objects.requireNonNull(hash, "hash");
    Objects.requireNonNull(timestamp, "timestamp");
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(outcome, "outcome");
    if (sequence < 0) {
      throw new IllegalArgumentException("sequence " + sequence + " is negative");
    }
    timestamp = timestamp.truncatedTo(ChronoUnit.MILLIS);
    postings = List.copyOf(postings);
    if (postings.isEmpty() || postings.size() > MAX_POSTINGS) {
      throw new IllegalArgumentException(
          "an entry has 1 to " + MAX_POSTINGS + " postings, not " + postings.size());
    }
    memo = memo == null ? "" : memo;
    if (memo.length() > MAX_MEMO) {
      throw new IllegalArgumentException(
          "the memo has " + memo.length() + " characters; at most " + MAX_MEMO);
    }
    if (signature == null || signature.length != SIGNATURE_LENGTH) {
      throw new IllegalArgumentException(
          "an Ed25519 signature has 64 bytes, got "
              + (signature == null ? "none" : signature.length));
    }
    signature = signature.clone();
  }

  @Override
  public byte[] signature() {
    return signature.clone();
  }

  /** This entry with another signature (everything else, the hash included, unchanged). */
  public Entry withSignature(byte[] signature) {
    return new Entry(
        actor, sequence, previous, hash, timestamp, action, postings, outcome, memo, signature);
  }

  /** {@code actor#sequence}, how entries are named in messages. */
  public String name() {
    return actor + "#" + sequence;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Entry e
        && sequence == e.sequence
        && actor.equals(e.actor)
        && previous.equals(e.previous)
        && hash.equals(e.hash)
        && timestamp.equals(e.timestamp)
        && action.equals(e.action)
        && postings.equals(e.postings)
        && outcome == e.outcome
        && memo.equals(e.memo)
        && Arrays.equals(signature, e.signature);
  }

  @Override
  public int hashCode() {
    return Objects.hash(actor, sequence, hash);
  }

  @Override
  public String toString() {
    return "Entry["
        + name()
        + " "
        + action
        + " "
        + postings
        + " "
        + outcome
        + " hash="
        + hash
        + " signature="
        + HexFormat.of().formatHex(signature)
        + "]";
  }
}
