package sovereign.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Smoke test on the real machine: the only test that reads real hardware values. */
class OshiHardwareProbeTest {

  @Test
  void theOshiProbeReportsCpuMemoryAndHostname() {
    Map<String, String> components = new OshiHardwareProbe().components();

    assertThat(components).containsKeys("cpu", "memory", "hostname");
    assertThat(components.values()).allSatisfy(value -> assertThat(value).isNotBlank());
    assertThat(components.get("memory")).containsOnlyDigits();
    assertThat(components.keySet()).isSubsetOf("cpu", "memory", "hostname", "machine-uuid");
  }

  @Test
  void readingTwiceGivesTheSameComponents() {
    OshiHardwareProbe probe = new OshiHardwareProbe();

    assertThat(probe.components()).isEqualTo(probe.components());
  }

  @Test
  void aPrefetchedReadingIsTheSameAsAFreshOneAndIsUsedOnce() {
    OshiHardwareProbe probe = new OshiHardwareProbe();
    OshiHardwareProbe.prefetch();
    Map<String, String> prefetched = probe.components();
    Map<String, String> fresh = probe.components();

    assertThat(prefetched).isEqualTo(fresh).containsKeys("cpu", "memory", "hostname");
  }
}
