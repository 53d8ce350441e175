package sovereign.skills;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.hooks.bundle.FindHook;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;

/**
 * Hides the other bundles from a skill bundle: its {@code getBundles()} and {@code getBundle(...)}
 * find only itself and the system bundle. Follows OSGi Core R8 §56 Bundle Hook Service, the Find
 * Hook (§56.3).
 */
@Component(immediate = true)
public final class SkillBundleFindHook implements FindHook {

  @Reference(service = LoggerFactory.class)
  Logger logger;

  @Override
  public void find(BundleContext context, Collection<Bundle> bundles) {
    Bundle finder;
    try {
      finder = context.getBundle();
    } catch (IllegalStateException stale) {
      return;
    }
    if (!SkillBundles.isSkill(finder)) {
      return;
    }
    List<String> removed = new ArrayList<>();
    for (Iterator<Bundle> it = bundles.iterator(); it.hasNext(); ) {
      Bundle bundle = it.next();
      if (bundle.getBundleId() != 0 && !bundle.equals(finder)) {
        it.remove();
        removed.add(SkillBundles.describe(bundle));
      }
    }
    if (!removed.isEmpty()) {
      logger.info(
          "skill bundle {} may not see bundles {}: hidden", SkillBundles.describe(finder), removed);
    }
  }
}
