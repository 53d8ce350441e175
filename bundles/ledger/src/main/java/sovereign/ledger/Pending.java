package sovereign.ledger;

import sovereign.api.identity.NodeIdentity;
import sovereign.api.ledger.Entry;

/**
 * An entry on its way into ledger.db: built and hashed under the engine's lock, signed by its
 * caller outside the lock, then committed with the entries built beside it by the engine's
 * committer thread. Its caller waits until it is committed (or failed).
 */
final class Pending {

  private final Entry unsigned;
  private final byte[] body;
  private final LedgerEngine.Step extra;
  private Entry entry;
  private RuntimeException signFailure;
  private boolean signed;
  private boolean done;
  private RuntimeException failure;

  Pending(Entry unsigned, byte[] body, LedgerEngine.Step extra) {
    this.unsigned = unsigned;
    this.body = body;
    this.extra = extra;
  }

  /** An entry that arrives signed (an import). */
  static Pending signed(Entry entry, byte[] body) {
    Pending p = new Pending(entry, body, null);
    p.entry = entry;
    p.signed = true;
    return p;
  }

  /** The entry as built, its signature all zeros until the caller has signed it. */
  Entry unsigned() {
    return unsigned;
  }

  byte[] body() {
    return body;
  }

  LedgerEngine.Step extra() {
    return extra;
  }

  /** Signs the entry's hash with the node key; a failure is kept for the committer. */
  void sign(NodeIdentity identity) {
    Entry e = unsigned;
    Entry out = null;
    RuntimeException problem = null;
    try {
      out = e.withSignature(identity.sign(EntryCodec.signingMessage(e.hash())));
    } catch (RuntimeException ex) {
      problem = ex;
    }
    synchronized (this) {
      entry = out;
      signFailure = problem;
      signed = true;
      notifyAll();
    }
  }

  /** Waits until the entry is signed; returns why it could not be, or null. */
  synchronized RuntimeException awaitSigned() {
    boolean interrupted = false;
    while (!signed) {
      try {
        wait();
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    return signFailure == null
        ? null
        : new IllegalStateException(
            "could not sign " + unsigned.name() + ": " + signFailure.getMessage(), signFailure);
  }

  /** The signed entry; only after {@link #awaitSigned} returned null. */
  synchronized Entry entry() {
    return entry;
  }

  /** Whether the entry is signed (or its signing failed). */
  synchronized boolean isSigned() {
    return signed;
  }

  /**
   * Waits until the entry is committed or failed. The entry may already be durable, so an interrupt
   * does not end the wait.
   */
  synchronized void awaitDone() {
    boolean interrupted = false;
    while (!done) {
      try {
        wait();
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  synchronized void succeed() {
    done = true;
    notifyAll();
  }

  /** Fails the entry; the first failure is the one reported. */
  synchronized void fail(RuntimeException why) {
    if (!done) {
      failure = why;
      done = true;
      notifyAll();
    }
  }

  /**
   * The committed entry.
   *
   * @throws RuntimeException why the entry was not committed
   */
  synchronized Entry result() {
    if (failure != null) {
      throw failure;
    }
    return entry;
  }
}
