package sovereign.ledger;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import sovereign.api.identity.NodeIdentity;
import sovereign.api.ledger.Accounts;
import sovereign.api.ledger.Action;
import sovereign.api.ledger.Amounts;
import sovereign.api.ledger.Currency;
import sovereign.api.ledger.Entry;
import sovereign.api.ledger.Ledger;
import sovereign.api.ledger.Metering;
import sovereign.api.ledger.Posting;
import sovereign.api.ledger.Quote;
import sovereign.api.ledger.Snapshot;
import sovereign.api.ledger.Verification;
import sovereign.api.ledger.Wallet;

/** The {@code ledger:*} Gogo commands. Amounts are read and printed in whole units. */
@Component(
    service = LedgerCommands.class,
    property = {
      "osgi.command.scope=ledger",
      "osgi.command.function=balance",
      "osgi.command.function=history",
      "osgi.command.function=transfer",
      "osgi.command.function=mint",
      "osgi.command.function=quote",
      "osgi.command.function=verify",
      "osgi.command.function=snapshot",
      "osgi.command.function=export"
    })
public final class LedgerCommands {

  @Reference Ledger ledger;

  @Reference Metering metering;

  @Reference NodeIdentity identity;

  @Descriptor("show this node's wallet: balances, held funds, reputation, locked flag and mode")
  public String balance() {
    return balance(identity.nodeId().toString());
  }

  @Descriptor("show an account's wallet: balances, held funds, reputation, locked flag and mode")
  public String balance(@Descriptor("a NodeID (12D3KooW…), mint or treasury") String account) {
    Wallet w = ledger.wallet(account);
    StringBuilder out = new StringBuilder();
    row(out, "Account", w.account());
    for (Currency c : Currency.values()) {
      String held =
          w.held().containsKey(c)
              ? " ("
                  + Amounts.format(w.available(c))
                  + " available, "
                  + Amounts.format(w.held().get(c))
                  + " held)"
              : "";
      row(out, c.name(), Amounts.format(w.balance(c)) + held);
    }
    row(out, "Reputation", w.reputation() + " receipt(s)");
    row(out, "Locked", w.locked() ? "yes: flagged for equivocation" : "no");
    row(out, "Mode", w.mode().name());
    return out.toString().stripTrailing();
  }

  @Descriptor("list this node's newest entries, newest first")
  public String history(
      @Descriptor("how many entries (1 to 10000)")
          @Parameter(
              names = {"-n", "--number"},
              absentValue = "20")
          int n) {
    return history(n, identity.nodeId().toString());
  }

  @Descriptor("list the newest entries that post to an account, newest first")
  public String history(
      @Descriptor("how many entries (1 to 10000)")
          @Parameter(
              names = {"-n", "--number"},
              absentValue = "20")
          int n,
      @Descriptor("a NodeID (12D3KooW…), mint or treasury") String account) {
    String a = Accounts.check(account);
    List<Entry> entries = ledger.history(a, n);
    if (entries.isEmpty()) {
      return "no entries post to " + a;
    }
    StringBuilder out = new StringBuilder();
    for (Entry e : entries) {
      out.append(e.timestamp())
          .append("  ")
          .append(e.name())
          .append("  ")
          .append(describe(e.action()))
          .append("  ")
          .append(postedTo(e, a))
          .append("  ")
          .append(e.outcome());
      if (!e.memo().isEmpty()) {
        out.append("  ").append(e.memo());
      }
      out.append('\n');
    }
    return out.toString().stripTrailing();
  }

  @Descriptor("pay from this node's wallet; prints the entry")
  public String transfer(
      @Descriptor("the payee: a NodeID (12D3KooW…) or treasury") String to,
      @Descriptor("the amount in whole units, up to 6 decimals, e.g. 12.5") String amount,
      @Descriptor("IPPC, IUSD or ETH") String currency) {
    return transfer(to, amount, currency, "");
  }

  @Descriptor("pay from this node's wallet with a memo; prints the entry")
  public String transfer(
      @Descriptor("the payee: a NodeID (12D3KooW…) or treasury") String to,
      @Descriptor("the amount in whole units, up to 6 decimals, e.g. 12.5") String amount,
      @Descriptor("IPPC, IUSD or ETH") String currency,
      @Descriptor("a note recorded in the entry; quote it if it has spaces") String memo) {
    Currency c = Currency.parse(currency);
    Entry e = ledger.transfer(to, positive(amount), c, memo);
    return "transferred "
        + Amounts.format(-e.postings().get(0).amount(), c)
        + " to "
        + Accounts.check(to)
        + " in entry "
        + e.name()
        + " ("
        + e.hash()
        + ")";
  }

  @Descriptor("create money (mint authorities only): GENESIS first, then MINT; prints the entry")
  public String mint(
      @Descriptor("the receiver: a NodeID (12D3KooW…) or treasury") String to,
      @Descriptor("the amount in whole units, up to 6 decimals, e.g. 1000") String amount,
      @Descriptor("IPPC, IUSD or ETH") String currency) {
    Currency c = Currency.parse(currency);
    Entry e = ledger.mint(to, positive(amount), c, "minted from the console");
    return e.action().type()
        + ": "
        + Amounts.format(e.postings().get(1).amount(), c)
        + " to "
        + e.postings().get(1).account()
        + " in entry "
        + e.name()
        + " ("
        + e.hash()
        + ")";
  }

  @Descriptor(
      "what an action would cost: inference <tokens> <model> | tool <tool> | sandbox <skill>"
          + " <millis> | evolution <proposal>")
  public String quote(
      @Descriptor("inference, tool, sandbox or evolution") String action,
      @Descriptor("the action's parameters, as listed above") String... args) {
    Action a = Quotes.action(action, args);
    Quote q = metering.quote(a);
    return describe(a) + ": " + Amounts.format(q.cost(), q.currency());
  }

  @Descriptor(
      "recompute every hash, link, signature, balance and invariant; a pass lets a broken ledger"
          + " accept appends again")
  public String verify() {
    Verification v = ledger.verify();
    return v.problem()
        .map(
            p ->
                "FAILED after "
                    + v.entries()
                    + " good entries: "
                    + p
                    + "\nThe ledger refuses appends. Restore economy/ledger.db from a backup (node"
                    + " stopped), start the node and run ledger:verify until it passes.")
        .orElse("ok: " + v.entries() + " entries verified");
  }

  @Descriptor("print the settlement snapshot (canonical JSON) and its SHA-256")
  public String snapshot() {
    Snapshot s = ledger.snapshot();
    return s.json() + "sha256 " + s.hash() + " (" + s.entries() + " entries)";
  }

  @Descriptor("write every entry as JSON lines to a file")
  public String export(@Descriptor("the file to write; it must not exist yet") String file)
      throws IOException {
    Path path = Path.of(file).toAbsolutePath();
    if (Files.exists(path)) {
      throw new IllegalArgumentException(
          "'" + file + "' exists already; give the path of a new file");
    }
    long count;
    try (OutputStream out = Files.newOutputStream(path)) {
      count = ledger.export(out);
    }
    return count + " entries written to " + path;
  }

  static String describe(Action a) {
    String params =
        switch (a.type()) {
          case LLM_INFERENCE -> {
            Action.LlmInference x = (Action.LlmInference) a;
            yield x.tokens() + " tokens, " + x.model();
          }
          case TOOL_EXEC -> ((Action.ToolExec) a).tool();
          case SANDBOX_EXEC -> {
            Action.SandboxExec x = (Action.SandboxExec) a;
            yield x.skill() + ", " + x.millis() + " ms";
          }
          case EVOLUTION_SIM -> ((Action.EvolutionSim) a).proposal();
          case BOUNTY_PAYOUT -> ((Action.BountyPayout) a).target();
          default -> "";
        };
    return a.type() + (params.isEmpty() ? "" : "{" + params + "}");
  }

  private static String postedTo(Entry e, String account) {
    Map<Currency, Long> sums = new java.util.EnumMap<>(Currency.class);
    for (Posting p : e.postings()) {
      if (p.account().equals(account)) {
        sums.merge(p.currency(), p.amount(), Long::sum);
      }
    }
    StringBuilder out = new StringBuilder();
    sums.forEach(
        (c, v) ->
            out.append(out.length() == 0 ? "" : ", ")
                .append(v > 0 ? "+" : "")
                .append(Amounts.format(v, c)));
    return out.toString();
  }

  private static long positive(String amount) {
    long v = Amounts.parse(amount);
    if (v <= 0) {
      throw new IllegalArgumentException(
          "'" + amount + "' is not a positive amount; give one like 12.5");
    }
    return v;
  }

  private static void row(StringBuilder out, String name, String value) {
    out.append(String.format(Locale.ROOT, "%-11s %s%n", name, value).replace("\r\n", "\n"));
  }
}
