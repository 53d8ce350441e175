package sovereign.api.deploy;

import java.util.Objects;

/** What one {@link HealthCheck} found: healthy or not, and a line for an operator saying what. */
public record HealthResult(boolean healthy, String detail) {

  public HealthResult {
    Objects.requireNonNull(detail, "detail");
  }

  public static HealthResult healthy(String detail) {
    return new HealthResult(true, detail);
  }

  public static HealthResult unhealthy(String detail) {
    return new HealthResult(false, detail);
  }
}
