package sovereign.ledger;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import sovereign.api.deploy.HealthCheck;
import sovereign.api.deploy.HealthResult;

/**
 * The ledger's health check, run by the deploy bundle after an update: in one call inside the
 * ledger's guard, with the engine at rest, it reads the heads and checks the last {@value #TAIL}
 * entries ({@link TailCheck}: decode, hash, link, signature, and the chains end where the running
 * ledger says) in a read transaction; a chain already found broken fails it. Changes nothing.
 */
@Component(property = HealthCheck.NAME + "=ledger")
public final class LedgerHealthCheck implements HealthCheck {

  /** How many of the latest entries are checked. */
  static final int TAIL = 64;

  @Reference LedgerService ledger;

  @Override
  public HealthResult check() {
    long start = System.nanoTime();
    String[] broken = new String[1];
    TailCheck.Result tail;
    try {
      tail =
          ledger.read(
              engine -> {
                broken[0] = engine.broken();
                engine.heads();
                return new TailCheck(engine, TAIL).run();
              });
    } catch (IllegalStateException e) {
      return HealthResult.unhealthy("ledger unusable: " + e.getMessage());
    }
    long millis = (System.nanoTime() - start) / 1_000_000;
    if (broken[0] != null) {
      return HealthResult.unhealthy(
          "ledger chain broken at " + broken[0] + "; appends are refused (ledger:verify)");
    }
    if (tail.problem().isPresent()) {
      return HealthResult.unhealthy("ledger tail check failed: " + tail.problem().get());
    }
    if (tail.entries() == 0) {
      return HealthResult.healthy("ledger ok: empty (" + millis + " ms)");
    }
    return HealthResult.healthy(
        "ledger ok: the last "
            + tail.entries()
            + " entries (to position "
            + tail.lastPosition()
            + ", "
            + tail.chains()
            + " chain(s)) decode, hash, link and verify, and end where the running ledger does ("
            + millis
            + " ms)");
  }
}
