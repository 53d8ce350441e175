package sovereign.identity;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicReference;
import oshi.SystemInfo;
import oshi.hardware.CentralProcessor.ProcessorIdentifier;
import oshi.hardware.HardwareAbstractionLayer;

/**
 * The hardware fingerprint from OSHI: {@code cpu} (vendor, name, family/model/stepping, processor
 * ID), {@code memory} (total, whole GiB), {@code hostname}, and {@code machine-uuid} where the
 * platform reports one.
 */
final class OshiHardwareProbe implements HardwareProbe {

  private static final double GIB = 1024.0 * 1024 * 1024;

  /** A reading started before the boot asked for one; taken by the next read, then cleared. */
  private static final AtomicReference<CompletableFuture<Map<String, String>>> PREFETCHED =
      new AtomicReference<>();

  /** Starts a reading in the background for the next {@link #components()} call. */
  static void prefetch() {
    CompletableFuture<Map<String, String>> reading = new CompletableFuture<>();
    if (PREFETCHED.compareAndSet(null, reading)) {
      Thread thread =
          new Thread(
              () -> {
                try {
                  reading.complete(read());
                } catch (RuntimeException | Error e) {
                  reading.completeExceptionally(e);
                }
              },
              "sovereign-hardware-prefetch");
      thread.setDaemon(true);
      thread.start();
    }
  }

  @Override
  public Map<String, String> components() {
    CompletableFuture<Map<String, String>> prefetched = PREFETCHED.getAndSet(null);
    if (prefetched != null) {
      try {
        return prefetched.join();
      } catch (CompletionException e) {
        // Read again below: the failure, if it persists, is reported with the boot's context.
      }
    }
    return read();
  }

  private static Map<String, String> read() {
    SystemInfo system = new SystemInfo();
    HardwareAbstractionLayer hardware = system.getHardware();
    Map<String, String> components = new TreeMap<>();
    ProcessorIdentifier cpu = hardware.getProcessor().getProcessorIdentifier();
    put(
        components,
        "cpu",
        String.join(
            "|",
            cpu.getVendor(),
            cpu.getName(),
            cpu.getFamily(),
            cpu.getModel(),
            cpu.getStepping(),
            cpu.getProcessorID()));
    put(components, "memory", Long.toString(Math.round(hardware.getMemory().getTotal() / GIB)));
    put(components, "hostname", system.getOperatingSystem().getNetworkParams().getHostName());
    String uuid = hardware.getComputerSystem().getHardwareUUID();
    if (uuid != null && !uuid.isBlank() && !"unknown".equalsIgnoreCase(uuid.strip())) {
      put(components, "machine-uuid", uuid.strip().toLowerCase(Locale.ROOT));
    }
    return components;
  }

  private static void put(Map<String, String> components, String name, String value) {
    if (value != null && !value.isBlank()) {
      components.put(name, value.strip());
    }
  }
}
