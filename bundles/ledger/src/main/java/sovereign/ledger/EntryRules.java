package sovereign.ledger;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import sovereign.api.identity.NodeId;
import sovereign.api.ledger.Accounts;
import sovereign.api.ledger.ActionType;
import sovereign.api.ledger.Amounts;
import sovereign.api.ledger.Currency;
import sovereign.api.ledger.Posting;

/**
 * The invariants an entry must keep, whoever wrote it (docs/ledger.md, "Invariants"): balanced per
 * currency; GENESIS and MINT only by a mint authority and only out of the mint account; a wallet
 * debited only by its owner; the treasury debited only by a mint authority; nothing else posts to
 * the mint; no account but the mint below zero afterwards.
 */
final class EntryRules {

  /** Balances as they stand before the entry, in micro-units. */
  interface Balances {
    long balance(String account, Currency currency);
  }

  private final Set<NodeId> authorities;

  EntryRules(Set<NodeId> authorities) {
    this.authorities = Set.copyOf(authorities);
  }

  Set<NodeId> authorities() {
    return authorities;
  }

  /**
   * What is wrong with an entry of {@code actor} at {@code sequence}, or null if it keeps every
   * invariant; {@code reserved} is what the actor's own wallet must keep beyond zero (funds held by
   * open reservations; 0 for entries of other actors).
   */
  String problem(
      NodeId actor,
      long sequence,
      ActionType type,
      Iterable<Posting> postings,
      Balances before,
      long reserved) {
    try {
      return check(actor, sequence, type, postings, before, reserved);
    } catch (IllegalArgumentException e) {
      return e.getMessage();
    }
  }

  private String check(
      NodeId actor,
      long sequence,
      ActionType type,
      Iterable<Posting> postings,
      Balances before,
      long reserved) {
    boolean authority = authorities.contains(actor);
    boolean minting = type == ActionType.GENESIS || type == ActionType.MINT;
    if (minting && !authority) {
      return type
          + " by "
          + actor
          + ", who is not a mint authority (configuration sovereign.ledger, mintAuthorities)";
    }
    if (type == ActionType.GENESIS && sequence != 0) {
      return "GENESIS at sequence " + sequence + "; it can only be an actor's first entry (0)";
    }
    String wallet = actor.toString();
    Map<Currency, Long> sums = new EnumMap<>(Currency.class);
    Map<String, Long> deltas = new HashMap<>();
    for (Posting p : postings) {
      sums.merge(p.currency(), p.amount(), EntryRules::add);
      deltas.merge(p.account() + " " + p.currency(), p.amount(), EntryRules::add);
      String who = p.account();
      if (Accounts.MINT.equals(who)) {
        if (!minting) {
          return type + " posts to the mint account; only GENESIS and MINT may";
        }
        if (p.amount() > 0) {
          return type + " credits the mint account; minting only debits it";
        }
      } else if (p.amount() < 0) {
        if (minting) {
          return type + " debits " + who + "; minting debits only the mint account";
        }
        if (Accounts.TREASURY.equals(who) && !authority) {
          return "debits the treasury, which only a mint authority may do";
        }
        if (!Accounts.isSystem(who) && !who.equals(wallet)) {
          return "debits wallet " + who + ", which only its owner may debit";
        }
      }
    }
    for (Map.Entry<Currency, Long> sum : sums.entrySet()) {
      if (sum.getValue() != 0) {
        return "postings in "
            + sum.getKey()
            + " sum to "
            + Amounts.format(sum.getValue())
            + ", not 0: an entry must balance";
      }
    }
    for (Map.Entry<String, Long> d : deltas.entrySet()) {
      int space = d.getKey().lastIndexOf(' ');
      String account = d.getKey().substring(0, space);
      Currency currency = Currency.valueOf(d.getKey().substring(space + 1));
      if (Accounts.MINT.equals(account) || d.getValue() >= 0) {
        continue;
      }
      long after = add(before.balance(account, currency), d.getValue());
      long keep = account.equals(wallet) && currency == Currency.IPPC ? reserved : 0;
      if (after < keep) {
        return account
            + " cannot afford "
            + Amounts.format(-d.getValue(), currency)
            + ": its balance is "
            + Amounts.format(before.balance(account, currency), currency)
            + (keep > 0 ? " of which " + Amounts.format(keep, currency) + " is reserved" : "");
      }
    }
    return null;
  }

  private static long add(long a, long b) {
    try {
      return Math.addExact(a, b);
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException("amounts overflow a long");
    }
  }
}
