package sovereign.api.ledger;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Objects;
import sovereign.api.identity.NodeId;

/**
 * A signed contribution receipt: {@code issuer} attests that {@code contributor} did {@code work}
 * for it, worth {@code reward}. The issuer pays it with a BOUNTY_PAYOUT entry whose target is the
 * receipt's id; a receipt is recorded and paid once, however often it is submitted.
 *
 * @param id unique id, 1 to 64 characters of letters, digits, '-' and '_'
 * @param issuer the node the work was done for, who signs and pays
 * @param contributor the node that did the work
 * @param work what was done
 * @param currency the reward's currency
 * @param reward micro-units, zero or more
 * @param timestamp when it was issued, whole milliseconds
 * @param signature the issuer's Ed25519 signature of the receipt's signing message (docs/ledger.md)
 */
public record Receipt(
    String id,
    NodeId issuer,
    NodeId contributor,
    String work,
    Currency currency,
    long reward,
    Instant timestamp,
    byte[] signature) {

  public Receipt {
    if (id == null || !id.matches("[A-Za-z0-9_-]{1,64}")) {
      throw new IllegalArgumentException(
          "'" + id + "' is not a receipt id: 1 to 64 letters, digits, '-' or '_'");
    }
    Objects.requireNonNull(issuer, "issuer");
    Objects.requireNonNull(contributor, "contributor");
    Objects.requireNonNull(currency, "currency");
    Objects.requireNonNull(timestamp, "timestamp");
    if (work == null || work.isBlank() || work.length() > Action.MAX_TEXT) {
      throw new IllegalArgumentException("work is 1 to " + Action.MAX_TEXT + " characters");
    }
    if (reward < 0) {
      throw new IllegalArgumentException("reward " + reward + " is negative");
    }
    if (signature == null || signature.length != Entry.SIGNATURE_LENGTH) {
      throw new IllegalArgumentException("an Ed25519 signature has 64 bytes");
    }
    timestamp = timestamp.truncatedTo(ChronoUnit.MILLIS);
    signature = signature.clone();
  }

  @Override
  public byte[] signature() {
    return signature.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Receipt r
        && id.equals(r.id)
        && issuer.equals(r.issuer)
        && contributor.equals(r.contributor)
        && work.equals(r.work)
        && currency == r.currency
        && reward == r.reward
        && timestamp.equals(r.timestamp)
        && Arrays.equals(signature, r.signature);
  }

  @Override
  public int hashCode() {
    return id.hashCode();
  }

  @Override
  public String toString() {
    return "Receipt["
        + id
        + " "
        + contributor
        + " did '"
        + work
        + "' for "
        + issuer
        + ", "
        + Amounts.format(reward, currency)
        + "]";
  }
}
