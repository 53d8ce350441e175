package sovereign.skills;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.List;
import java.util.function.Supplier;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.service.log.Logger;
import org.osgi.util.tracker.BundleTracker;
import org.osgi.util.tracker.BundleTrackerCustomizer;

/**
 * The skill extender (OSGi Core R8 §4.7, the extender pattern): when a bundle with a {@code
 * Sovereign-Skill} header becomes active its skill is loaded, and when it stops the skill is gone.
 * A bundle whose headers are wrong is refused with an ERROR naming the bundle and the header; the
 * bundle itself is left alone.
 */
final class SkillExtender implements BundleTrackerCustomizer<LoadedSkill>, AutoCloseable {

  private final SkillRegistry registry;
  private final Supplier<SkillsConfig> config;
  private final Logger logger;
  private final BundleTracker<LoadedSkill> tracker;

  SkillExtender(
      BundleContext context, SkillRegistry registry, Supplier<SkillsConfig> config, Logger logger) {
    this.registry = registry;
    this.config = config;
    this.logger = logger;
    this.tracker = new BundleTracker<>(context, Bundle.ACTIVE, this);
  }

  SkillExtender open() {
    tracker.open();
    return this;
  }

  @Override
  public void close() {
    tracker.close();
  }

  /** Whether it tracks bundles: opened and not closed. */
  boolean isOpen() {
    return tracker.getTrackingCount() >= 0;
  }

  @Override
  public LoadedSkill addingBundle(Bundle bundle, BundleEvent event) {
    if (bundle.getHeaders("").get(SkillDescriptor.SKILL) == null) {
      return null;
    }
    try {
      LoadedSkill skill = load(bundle);
      registry.add(skill);
      logger.info(
          "skill {} loaded from {} {} ({}, asks for {})",
          skill.name(),
          bundle.getSymbolicName(),
          bundle.getVersion(),
          skill.kind(),
          skill.descriptor().requested().texts());
      return skill;
    } catch (IllegalArgumentException e) {
      logger.error(
          "skill bundle {} [{}] refused: {}",
          bundle.getSymbolicName(),
          bundle.getBundleId(),
          e.getMessage());
      return null;
    }
  }

  @Override
  public void modifiedBundle(Bundle bundle, BundleEvent event, LoadedSkill skill) {}

  @Override
  public void removedBundle(Bundle bundle, BundleEvent event, LoadedSkill skill) {
    registry.remove(skill);
    logger.info("skill {} unloaded: bundle {} stopped", skill.name(), bundle.getSymbolicName());
  }

  private LoadedSkill load(Bundle bundle) {
    SkillDescriptor descriptor = SkillDescriptor.parse(bundle.getHeaders(""));
    Limits limits = LoadedSkill.limits(descriptor, config.get());
    if (!descriptor.wasm()) {
      List<String> violations = SkillBundles.wiringViolations(bundle);
      if (!violations.isEmpty()) {
        throw new IllegalArgumentException(
            "a Java skill may wire only to the packages docs/security.md lists; it is wired to "
                + String.join(", ", violations));
      }
      return new LoadedSkill(descriptor, bundle, limits, new byte[0], "");
    }
    byte[] wasm = read(bundle, descriptor.module(), config.get().maxModuleBytes());
    return new LoadedSkill(descriptor, bundle, limits, wasm, CompiledModule.sha256(wasm));
  }

  private static byte[] read(Bundle bundle, String path, int max) {
    URL entry = bundle.getEntry(path);
    if (entry == null) {
      throw new IllegalArgumentException(
          SkillDescriptor.MODULE + ": the bundle has no entry '" + path + "'");
    }
    try (InputStream in = entry.openStream()) {
      byte[] wasm = in.readNBytes(max + 1);
      if (wasm.length > max) {
        throw new IllegalArgumentException(
            SkillDescriptor.MODULE + ": '" + path + "' is larger than " + max + " bytes");
      }
      return wasm;
    } catch (IOException e) {
      throw new IllegalArgumentException(
          SkillDescriptor.MODULE + ": cannot read '" + path + "': " + e.getMessage(), e);
    }
  }
}
