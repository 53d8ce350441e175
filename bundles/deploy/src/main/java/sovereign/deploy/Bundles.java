package sovereign.deploy;

import org.osgi.framework.Bundle;
import org.osgi.framework.wiring.BundleRevision;

/** Small facts about bundles. */
final class Bundles {

  private Bundles() {}

  static boolean isFragment(Bundle bundle) {
    BundleRevision revision = bundle.adapt(BundleRevision.class);
    return revision != null && (revision.getTypes() & BundleRevision.TYPE_FRAGMENT) != 0;
  }
}
