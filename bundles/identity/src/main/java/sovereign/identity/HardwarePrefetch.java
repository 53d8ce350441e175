package sovereign.identity;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/**
 * Starts reading the hardware fingerprint as soon as this bundle starts, on a thread of its own:
 * OSHI's first read (JNA's native set-up, /proc parsing) takes ~0.25 s that the identity boot then
 * mostly does not wait for. The boot uses this reading once; later boots of the component read
 * afresh (see {@link OshiHardwareProbe}).
 */
@Component(
    immediate = true,
    service = {})
public class HardwarePrefetch {

  @Activate
  void activate() {
    OshiHardwareProbe.prefetch();
  }
}
