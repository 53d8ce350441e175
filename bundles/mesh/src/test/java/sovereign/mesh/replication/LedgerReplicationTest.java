package sovereign.mesh.replication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static sovereign.mesh.replication.Replica.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sovereign.api.identity.NodeId;
import sovereign.api.ledger.Entry;
import sovereign.api.ledger.Hash;
import sovereign.api.ledger.ImportResult;
import sovereign.api.mesh.MeshMessage;
import sovereign.api.mesh.Verdict;
import sovereign.mesh.SwarmKey;

/** Real ledgers replicated over real meshes on loopback, in one JVM. */
class LedgerReplicationTest {

  @TempDir Path dir;
  private final List<Replica> nodes = new ArrayList<>();
  private final SwarmKey key = SwarmKey.generate();

  @AfterEach
  void closeAll() {
    nodes.forEach(Replica::close);
  }

  /** {@code n} replicas whose ledgers all accept each other as mint authorities. */
  private List<Replica> replicas(int n) {
    List<Replica> list = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      list.add(new Replica(dir, "node" + i, key));
    }
    List<NodeId> ids = list.stream().map(Replica::id).toList();
    for (Replica r : list) {
      r.openLedger(ids);
    }
    nodes.addAll(list);
    return list;
  }

  /** Starts mesh and replication on each, each dialling every one before it. */
  private static void connect(List<Replica> list) {
    List<Replica> started = new ArrayList<>();
    for (Replica r : list) {
      r.startMesh(started.toArray(Replica[]::new)).startReplication();
      started.add(r);
    }
    for (Replica r : list) {
      await(() -> r.peers() == list.size() - 1, r.id() + " connected to every other node");
    }
  }

  private static void awaitConverged(List<Replica> list, int chains, String what) {
    await(
        () -> {
          Map<String, String> first = list.get(0).heads();
          return first.size() == chains && list.stream().allMatch(r -> r.heads().equals(first));
        },
        what);
    String snapshot = list.get(0).ledger.snapshot().json();
    for (Replica r : list) {
      assertThat(r.ledger.snapshot().json()).isEqualTo(snapshot);
      assertThat(r.ledger.equivocations()).isEmpty();
    }
  }

  private static void mintEach(List<Replica> list, int times) {
    for (int t = 0; t < times; t++) {
      for (Replica r : list) {
        r.mint(String.valueOf(t + 1));
      }
    }
  }

  @Test
  void fourNodesEndWithIdenticalLedgers() {
    List<Replica> swarm = replicas(4);
    connect(swarm);
    mintEach(swarm, 5);
    awaitConverged(swarm, 4, "every node holds every chain to its end");
    for (Replica r : swarm) {
      assertThat(r.ledger.heads()).hasSize(4);
      swarm.forEach(o -> assertThat(r.ledger.heads().get(o.id()).sequence()).isEqualTo(4));
    }
    mintEach(swarm, 3);
    awaitConverged(swarm, 4, "and again after more entries");
  }

  @Test
  void aFiftyFiftyPartitionHealsWithByteIdenticalSnapshots() {
    List<Replica> swarm = replicas(6);
    connect(swarm);
    mintEach(swarm, 2);
    awaitConverged(swarm, 6, "converged before the split");

    // Cut {0,1,2} | {3,4,5}: the left refuses the right (who keep redialling them as bootstrap
    // nodes, and are refused at admission each time).
    List<Replica> left = swarm.subList(0, 3);
    List<Replica> right = swarm.subList(3, 6);
    for (Replica l : left) {
      for (Replica r : right) {
        l.mesh.ban(r.id(), Duration.ofMinutes(10));
      }
    }
    for (Replica r : swarm) {
      await(() -> r.peers() == 2, r.id() + " sees only its own side");
    }
    mintEach(swarm, 4);
    awaitConverged(left, 6, "the left side converged on its own");
    awaitConverged(right, 6, "the right side converged on its own");
    assertThat(left.get(0).heads()).isNotEqualTo(right.get(0).heads());

    for (Replica l : left) {
      for (Replica r : right) {
        l.mesh.unban(r.id());
      }
    }
    awaitConverged(swarm, 6, "no divergence after the partition healed");
    for (Replica r : swarm) {
      assertThat(r.ledger.verify().toString()).doesNotContain("broken");
      swarm.forEach(o -> assertThat(r.ledger.heads().get(o.id()).sequence()).isEqualTo(5));
    }
  }

  @Test
  void aNodeThatJoinsLateCatchesUpThroughAntiEntropy() {
    List<Replica> swarm = replicas(4);
    List<Replica> early = swarm.subList(0, 3);
    connect(early);
    mintEach(early, 20); // 60 entries: several batches of 16 for the newcomer
    awaitConverged(early, 3, "the first three converged");

    Replica late = swarm.get(3);
    late.startMesh(early.toArray(Replica[]::new)).startReplication();
    awaitConverged(swarm, 3, "the late node caught up");
    assertThat(late.replication.imported).isEqualTo(60);

    late.mint("7");
    awaitConverged(swarm, 4, "its own chain spread too");
  }

  @Test
  void aForgedOrMalformedPayloadIsRejectedAndNeverImported() {
    List<Replica> swarm = replicas(3);
    connect(swarm);
    Replica a = swarm.get(0);
    Replica b = swarm.get(1);
    Entry genuine = a.mint("10");
    awaitConverged(swarm, 1, "the genuine entry spread");

    Entry next = a.mint("5");
    byte[] signature = next.signature();
    signature[10] ^= 1;
    Entry forged = next.withSignature(signature);
    byte[] forgedBatch = EntryWire.batch(List.of(EntryWire.record(forged)));
    Replica c = swarm.get(2);

    // What a peer sent: the validator rejects it (the router then lowers that peer's score).
    MeshMessage fromB = new MeshMessage("x", LedgerReplication.ENTRIES_TOPIC, b.id(), forgedBatch);
    assertThat(c.replication.validateEntries(fromB)).isEqualTo(Verdict.REJECT);
    byte[] truncated = java.util.Arrays.copyOf(forgedBatch, forgedBatch.length - 3);
    assertThat(
            c.replication.validateEntries(
                new MeshMessage("y", LedgerReplication.ENTRIES_TOPIC, b.id(), truncated)))
        .isEqualTo(Verdict.REJECT);
    assertThat(
            c.replication.validateEntries(
                new MeshMessage("z", LedgerReplication.ENTRIES_TOPIC, b.id(), new byte[] {1, 0})))
        .isEqualTo(Verdict.REJECT);
    // A changed amount with the old signature: the recomputed hash does not match it.
    Entry tampered =
        new Entry(
            genuine.actor(),
            genuine.sequence(),
            genuine.previous(),
            genuine.hash(),
            genuine.timestamp(),
            genuine.action(),
            List.of(
                new sovereign.api.ledger.Posting(
                    "mint", genuine.postings().get(0).currency(), -99_000_000),
                new sovereign.api.ledger.Posting(
                    genuine.actor().toString(), genuine.postings().get(0).currency(), 99_000_000)),
            genuine.outcome(),
            genuine.memo(),
            genuine.signature());
    byte[] tamperedBatch = EntryWire.batch(List.of(EntryWire.record(tampered)));
    assertThat(
            c.replication.validateEntries(
                new MeshMessage("w", LedgerReplication.ENTRIES_TOPIC, b.id(), tamperedBatch)))
        .isEqualTo(Verdict.REJECT);

    // Published from a node: its own validator refuses it, so it never leaves.
    assertThatThrownBy(() -> b.mesh.publish(LedgerReplication.ENTRIES_TOPIC, forgedBatch))
        .isInstanceOf(IllegalStateException.class);

    awaitConverged(swarm, 1, "the genuine second entry spread");
    for (Replica r : swarm) {
      assertThat(r.ledger.entry(a.id(), 1)).contains(next);
      assertThat(r.ledger.entry(a.id(), 0)).contains(genuine);
    }
  }

  @Test
  void anEntryAfterAGapIsIgnoredThenImportedOnceTheGapIsFilled() {
    List<Replica> swarm = replicas(2);
    Replica a = swarm.get(0);
    Replica b = swarm.get(1);
    Entry e0 = a.mint("1");
    Entry e1 = a.mint("2");
    Entry e2 = a.mint("3");
    connect(List.of(b));
    byte[] gap = EntryWire.batch(List.of(EntryWire.record(e2)));
    assertThat(
            b.replication.validateEntries(
                new MeshMessage("g", LedgerReplication.ENTRIES_TOPIC, a.id(), gap)))
        .isEqualTo(Verdict.IGNORE);
    assertThat(b.ledger.heads()).isEmpty();
    for (Entry e : List.of(e0, e1)) {
      assertThat(b.ledger.importEntry(e).status()).isEqualTo(ImportResult.Status.ADDED);
    }
    // Anti-entropy runs on b's own thread; an empty delivery of a's heads makes it drain.
    await(
        () -> b.ledger.heads().containsKey(a.id()) && b.ledger.heads().get(a.id()).sequence() == 2,
        "the entry kept aside was imported once its predecessors arrived");
  }

  @Test
  void anEquivocationIsDetectedByEveryNode() {
    List<Replica> swarm = replicas(4);
    connect(swarm);
    Replica liar = swarm.get(0);
    liar.mint("10");
    Entry honest = liar.mint("1");
    awaitConverged(swarm, 1, "the liar's chain spread");

    // The liar signs a second entry #1 with the same predecessor and gives it to one node only.
    Entry draft =
        new Entry(
            liar.id(),
            1,
            honest.previous(),
            Hash.ZERO,
            honest.timestamp().plusMillis(1),
            honest.action(),
            honest.postings(),
            honest.outcome(),
            "the other story",
            new byte[64]);
    Hash hash = EntryWire.hash(draft);
    Entry conflicting =
        new Entry(
                liar.id(),
                1,
                honest.previous(),
                hash,
                draft.timestamp(),
                draft.action(),
                draft.postings(),
                draft.outcome(),
                draft.memo(),
                new byte[64])
            .withSignature(liar.identity.sign(EntryWire.signingMessage(hash)));
    assertThat(EntryWire.verify(conflicting)).isTrue();
    Replica victim = swarm.get(2);
    assertThat(victim.ledger.importEntry(conflicting).status())
        .isEqualTo(ImportResult.Status.EQUIVOCATION);

    for (Replica r : swarm) {
      await(
          () -> !r.ledger.equivocations().isEmpty() && r.ledger.flagged().contains(liar.id()),
          r.id() + " holds the proof and flagged the liar");
    }
  }
}
