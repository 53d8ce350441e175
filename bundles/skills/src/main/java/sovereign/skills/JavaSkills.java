package sovereign.skills;

import java.util.Optional;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.util.tracker.ServiceTracker;
import sovereign.api.skills.Skill;

/** The {@link Skill} services registered by Java skill bundles. */
final class JavaSkills implements AutoCloseable {

  private final ServiceTracker<Skill, Skill> tracker;

  JavaSkills(BundleContext context) {
    this.tracker = new ServiceTracker<>(context, Skill.class, null);
  }

  JavaSkills open() {
    tracker.open();
    return this;
  }

  /** The service registered by {@code bundle} for the skill {@code name}, if it is up. */
  Optional<Skill> find(Bundle bundle, String name) {
    ServiceReference<Skill>[] refs = tracker.getServiceReferences();
    if (refs == null) {
      return Optional.empty();
    }
    for (ServiceReference<Skill> ref : refs) {
      if (ref.getBundle() != null
          && ref.getBundle().getBundleId() == bundle.getBundleId()
          && name.equals(ref.getProperty(Skill.NAME))) {
        return Optional.ofNullable(tracker.getService(ref));
      }
    }
    return Optional.empty();
  }

  @Override
  public void close() {
    tracker.close();
  }
}
