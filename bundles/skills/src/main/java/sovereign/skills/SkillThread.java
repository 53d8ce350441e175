package sovereign.skills;

import com.dylibso.chicory.runtime.ChicoryInterruptedException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import sovereign.api.skills.SkillFailedException.Reason;

/** Runs a skill's body on a thread of its own, with a wall-time limit and a bounded stack. */
final class SkillThread {

  private SkillThread() {}

  /**
   * Runs {@code body}; when {@code wallTime} is up, interrupts it (Chicory checks the interrupt
   * flag in loops and calls) and waits up to {@code graceMillis} for the thread to end.
   *
   * @throws SkillException what stopped the body: TIMEOUT, a host check, or TRAP
   * @throws InterruptedException if the caller is interrupted; the skill's thread is interrupted
   *     too
   */
  static void run(
      String name,
      long stackBytes,
      Runnable body,
      Duration wallTime,
      long graceMillis,
      RunningThreads running)
      throws InterruptedException {
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Thread thread =
        new Thread(
            null,
            () -> {
              try {
                if (running.stopping()) {
                  throw new SkillException(Reason.HALTED, "the kill switch is thrown");
                }
                body.run();
              } catch (Throwable t) {
                failure.set(t);
              } finally {
                running.remove(Thread.currentThread());
              }
            },
            name,
            stackBytes);
    thread.setDaemon(true);
    running.add(thread);
    thread.start();
    try {
      thread.join(Math.max(1, wallTime.toMillis()));
    } catch (InterruptedException e) {
      thread.interrupt();
      throw e;
    }
    if (thread.isAlive()) {
      thread.interrupt();
      thread.join(graceMillis);
      throw new SkillException(
          Reason.TIMEOUT,
          "the run took longer than the wall-time limit of "
              + wallTime.toMillis()
              + " ms and was interrupted"
              + (thread.isAlive() ? "; its thread has not ended yet" : ""));
    }
    Throwable t = failure.get();
    if (t != null) {
      throw translate(t);
    }
  }

  private static SkillException translate(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof SkillException e) {
        return e;
      }
      if (c instanceof ChicoryInterruptedException) {
        return new SkillException(Reason.TIMEOUT, "the run was interrupted", t);
      }
      if (c instanceof StackOverflowError) {
        return new SkillException(Reason.TRAP, "call stack exhausted (call depth is bounded)", t);
      }
    }
    return new SkillException(Reason.TRAP, "the module trapped: " + t.getMessage(), t);
  }
}
