package sovereign.skills;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;
import sovereign.api.policy.KillSwitchListener;

/**
 * The threads of the skill runs in progress, and the kill switch's listener that stops them all at
 * once. A component of its own, referencing nothing of the policy: the kill switch binds its
 * listeners while it activates, and the skills host references the kill switch, so the host cannot
 * be the listener without a cycle.
 */
@Component(service = {RunningThreads.class, KillSwitchListener.class})
public final class RunningThreads implements KillSwitchListener {

  @Reference(service = LoggerFactory.class)
  Logger logger;

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
   * Whether the kill switch is thrown: a run that starts now stops at once, which closes the window
   * between a run's kill-switch check and its thread start when the switch is thrown in between.
   */
  boolean stopping() {
    return stopping;
  }

  int count() {
    return threads.size();
  }

  @Override
  public void halted(String reason) {
    stopping = true;
    int n = interruptAll();
    if (n > 0 && logger != null) {
      logger.warn("kill switch: {} running skill(s) interrupted ({})", n, reason);
    }
  }

  @Override
  public void resumed() {
    stopping = false;
  }

  @Deactivate
  void deactivate() {
    interruptAll();
  }
}
