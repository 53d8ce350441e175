package sovereign.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import sovereign.api.identity.NodeId;
import sovereign.api.ledger.Amounts;
import sovereign.api.ledger.Currency;
import sovereign.api.ledger.Entry;
import sovereign.api.ledger.ImportResult;
import sovereign.api.ledger.Ledger;
import sovereign.api.ledger.RefusedException;
import sovereign.api.ledger.Snapshot;

/** Entries written by a small swarm whose nodes pay each other, as another node would receive. */
final class SwarmEntries {

  private SwarmEntries() {}

  /**
   * Node 0 mints to every node; then {@code payments} random transfers between them, each node
   * importing what it needs first. Returns every entry of every chain.
   */
  static List<Entry> write(Path dir, int size, int payments, Random random) throws Exception {
    List<Node> nodes = new ArrayList<>();
    Node mint = Node.authority(dir.resolve("n0")).open();
    nodes.add(mint);
    for (int i = 1; i < size; i++) {
      nodes.add(
          new Node(dir.resolve("n" + i), TestIdentity.random(), mint.identity.nodeId()).open());
    }
    try {
      for (Node n : nodes) {
        mint.mint(n.wallet(), "100");
      }
      for (int i = 0; i < payments; i++) {
        Node from = nodes.get(random.nextInt(size));
        Node to = nodes.get(random.nextInt(size));
        if (from == to) {
          continue;
        }
        for (Node n : nodes) {
          importAll(from.ledger, chainsOf(n));
        }
        try {
          from.ledger.transfer(
              to.wallet(),
              Amounts.parse(String.valueOf(1 + random.nextInt(60))),
              Currency.IPPC,
              "p" + i);
        } catch (RefusedException poor) {
          // This node cannot pay that much; the next payment may be smaller.
        }
      }
      List<Entry> all = new ArrayList<>();
      for (Node n : nodes) {
        all.addAll(
            chainsOf(n).stream().filter(e -> e.actor().equals(n.identity.nodeId())).toList());
      }
      return all;
    } finally {
      for (Node n : nodes) {
        n.close();
      }
    }
  }

  /** The mint authority: the actor of the GENESIS entry. */
  static NodeId authority(List<Entry> entries) {
    return entries.stream()
        .filter(e -> e.sequence() == 0 && e.action().type().name().equals("GENESIS"))
        .findFirst()
        .orElseThrow()
        .actor();
  }

  /** The snapshot of a node that received the entries in the order they were written. */
  static Snapshot referenceSnapshot(Path scratch, List<Entry> entries) throws Exception {
    try (Node n =
        new Node(
            Files.createTempDirectory(scratch, "ref"), TestIdentity.random(), authority(entries))) {
      n.open();
      importAll(n.ledger, entries);
      return n.ledger.snapshot();
    }
  }

  /**
   * Imports in passes, as anti-entropy would: what cannot be imported yet (a gap, or a payment of
   * money not yet received) is retried after the rest, until nothing changes.
   */
  static void importAll(Ledger ledger, List<Entry> entries) {
    List<Entry> pending = new ArrayList<>(entries);
    boolean progress = true;
    while (!pending.isEmpty() && progress) {
      progress = false;
      for (Iterator<Entry> it = pending.iterator(); it.hasNext(); ) {
        ImportResult r = ledger.importEntry(it.next());
        if (r.status() != ImportResult.Status.REJECTED) {
          it.remove();
          progress = true;
        }
      }
    }
    assertThat(pending).as("entries that never became importable").isEmpty();
  }

  private static List<Entry> chainsOf(Node n) {
    List<Entry> out = new ArrayList<>();
    n.ledger
        .heads()
        .forEach(
            (actor, head) -> {
              for (long s = 0; s <= head.sequence(); s++) {
                out.add(n.ledger.entry(actor, s).orElseThrow());
              }
            });
    return out;
  }
}
