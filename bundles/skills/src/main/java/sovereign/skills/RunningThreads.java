package sovereign.skills;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** The threads of the runs in progress, so that the kill switch can stop them all at once. */
final class RunningThreads {

  private final Set<Thread> threads = ConcurrentHashMap.newKeySet();
  private volatile boolean stopping;

  /** Adds a run's thread before it starts; the run checks {@link #stopping()} first thing. */
  void add(Thread thread) {
    threads.add(thread);
  }

  void remove(Thread thread) {
    threads.remove(thread);
  }

  /** Interrupts every run in progress; returns how many. */
  int interruptAll() {
    int n = 0;
    for (Thread t : threads) {
      t.interrupt();
      n++;
    }
    return n;
  }

  /**
   * While set, a run that starts stops at once: closes the window between a run's kill-switch check
   * and its thread start when the switch is thrown in between.
   */
  void stopping(boolean stopping) {
    this.stopping = stopping;
  }

  boolean stopping() {
    return stopping;
  }

  int count() {
    return threads.size();
  }
}
