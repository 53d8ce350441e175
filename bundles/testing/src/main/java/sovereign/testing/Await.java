package sovereign.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waits for a condition in a test by polling it, instead of sleeping a fixed time. */
public final class Await {

  private Await() {}

  /**
   * Polls {@code condition} every 20 ms until it holds.
   *
   * @throws AssertionError naming {@code what} if it does not hold within {@code timeout}
   */
  public static void until(BooleanSupplier condition, String what, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            "timed out after " + timeout.toSeconds() + " s waiting for: " + what);
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted waiting for: " + what);
      }
    }
  }
}
