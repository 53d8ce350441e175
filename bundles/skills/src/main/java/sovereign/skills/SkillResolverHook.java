package sovereign.skills;

import java.util.Collection;
import java.util.Iterator;
import org.osgi.framework.hooks.resolver.ResolverHook;
import org.osgi.framework.hooks.resolver.ResolverHookFactory;
import org.osgi.framework.namespace.HostNamespace;
import org.osgi.framework.wiring.BundleCapability;
import org.osgi.framework.wiring.BundleRequirement;
import org.osgi.framework.wiring.BundleRevision;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;

/**
 * Keeps a skill bundle from wiring to anything beyond {@link SkillBundles#forbidden}: its imports
 * only to the allowed packages or its own, no Require-Bundle, and never as a fragment. Follows OSGi
 * Core R8 §55 Resolver Hook Service: candidates are removed in {@link ResolverHook#filterMatches},
 * for skill requirers only and only in the osgi.wiring.package, osgi.wiring.bundle and
 * osgi.wiring.host namespaces; a mandatory requirement left without candidates keeps the skill
 * bundle unresolved. No fragment, skill or not, may attach to a skill bundle.
 */
@Component(immediate = true)
public final class SkillResolverHook implements ResolverHookFactory {

  @Reference(service = LoggerFactory.class)
  Logger logger;

  @Override
  public ResolverHook begin(Collection<BundleRevision> triggers) {
    return new Hook();
  }

  /** One resolve operation (§55.3.2); it keeps no state between calls. */
  private final class Hook implements ResolverHook {

    @Override
    public void filterResolvable(Collection<BundleRevision> candidates) {}

    @Override
    public void filterSingletonCollisions(
        BundleCapability singleton, Collection<BundleCapability> collisionCandidates) {}

    @Override
    public void filterMatches(
        BundleRequirement requirement, Collection<BundleCapability> candidates) {
      BundleRevision requirer = requirement.getRevision();
      if (!SkillBundles.isSkill(requirer)) {
        if (HostNamespace.HOST_NAMESPACE.equals(requirement.getNamespace())) {
          // No fragment may attach to a skill bundle: its imports would become the skill's.
          candidates.removeIf(
              host -> {
                boolean skill = SkillBundles.isSkill(host.getRevision());
                if (skill) {
                  logger.warn(
                      "fragment {} may not attach to skill bundle {}: candidate removed",
                      SkillBundles.describe(requirer),
                      SkillBundles.describe(host.getRevision()));
                }
                return skill;
              });
        }
        return;
      }
      for (Iterator<BundleCapability> it = candidates.iterator(); it.hasNext(); ) {
        String why = SkillBundles.forbidden(requirer, it.next());
        if (why != null) {
          it.remove();
          logger.warn(
              "skill bundle {} may not wire to {}: candidate removed",
              SkillBundles.describe(requirer),
              why);
        }
      }
    }

    @Override
    public void end() {}
  }
}
