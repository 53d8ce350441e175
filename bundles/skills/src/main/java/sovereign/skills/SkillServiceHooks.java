package sovereign.skills;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceEvent;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.hooks.service.EventListenerHook;
import org.osgi.framework.hooks.service.FindHook;
import org.osgi.framework.hooks.service.ListenerHook.ListenerInfo;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;

/**
 * Hides services from skill bundles: a skill bundle finds, and is told about, only the services it
 * registered itself and those whose every objectClass is in {@value SkillBundles#SKILLS_API}.
 * Follows OSGi Core R8 §12 Service Hook Service: the Find Hook (§12.4) removes references from a
 * skill bundle's lookups, the Event Listener Hook (§12.5) removes its listeners from the events of
 * services it may not see.
 */
@Component(
    immediate = true,
    service = {FindHook.class, EventListenerHook.class})
public final class SkillServiceHooks implements FindHook, EventListenerHook {

  @Reference(service = LoggerFactory.class)
  Logger logger;

  @Override
  public void find(
      BundleContext context,
      String name,
      String filter,
      boolean allServices,
      Collection<ServiceReference<?>> references) {
    Bundle finder = bundleOf(context);
    if (!SkillBundles.isSkill(finder)) {
      return;
    }
    List<String> removed = new ArrayList<>();
    for (Iterator<ServiceReference<?>> it = references.iterator(); it.hasNext(); ) {
      ServiceReference<?> ref = it.next();
      if (!maySee(finder, ref)) {
        it.remove();
        removed.add(objectClass(ref));
      }
    }
    if (!removed.isEmpty()) {
      logger.info(
          "skill bundle {} may not see services {}: hidden from its lookup",
          SkillBundles.describe(finder),
          removed);
    }
  }

  @Override
  public void event(ServiceEvent event, Map<BundleContext, Collection<ListenerInfo>> listeners) {
    ServiceReference<?> ref = event.getServiceReference();
    for (Iterator<BundleContext> it = listeners.keySet().iterator(); it.hasNext(); ) {
      Bundle listener = bundleOf(it.next());
      if (SkillBundles.isSkill(listener) && !maySee(listener, ref)) {
        it.remove();
        logger.debug(
            "skill bundle {} may not see service {}: event withheld",
            SkillBundles.describe(listener),
            objectClass(ref));
      }
    }
  }

  /**
   * Whether a skill bundle may see the service: it registered it, or it is a skills API service.
   */
  static boolean maySee(Bundle skill, ServiceReference<?> ref) {
    if (skill.equals(ref.getBundle())) {
      return true;
    }
    Object classes = ref.getProperty(Constants.OBJECTCLASS);
    if (!(classes instanceof String[] names) || names.length == 0) {
      return false;
    }
    for (String name : names) {
      int dot = name.lastIndexOf('.');
      if (dot < 0 || !name.substring(0, dot).equals(SkillBundles.SKILLS_API)) {
        return false;
      }
    }
    return true;
  }

  private static String objectClass(ServiceReference<?> ref) {
    Object classes = ref.getProperty(Constants.OBJECTCLASS);
    return classes instanceof String[] names ? Arrays.toString(names) : String.valueOf(classes);
  }

  private static Bundle bundleOf(BundleContext context) {
    try {
      return context == null ? null : context.getBundle();
    } catch (IllegalStateException stale) {
      return null;
    }
  }
}
