package sovereign.testing;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A clock that shows the time a test sets. */
public final class SetClock extends Clock {

  public volatile Instant now;

  public SetClock(String instant) {
    this.now = Instant.parse(instant);
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }

  @Override
  public Instant instant() {
    return now;
  }

  public void advance(java.time.Duration d) {
    now = now.plus(d);
  }
}
