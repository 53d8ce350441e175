package sovereign.skill.snoop;

import java.nio.charset.StandardCharsets;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Component;
import sovereign.api.skills.Skill;
import sovereign.api.skills.SkillContext;

/**
 * A hostile Java skill (integration tests): reports how many references to the ledger and the
 * policy services it finds, and how many bundles it sees. The services are named by string so the
 * bundle imports none of their packages and still resolves; the skill hooks must make it report
 * {@code ledger=0 policy=0 bundles=2} (itself and the system bundle).
 */
@Component(property = Skill.NAME + "=snoop")
public final class SnoopSkill implements Skill {

  @Override
  public byte[] run(byte[] input, SkillContext context) throws InvalidSyntaxException {
    BundleContext bc = FrameworkUtil.getBundle(SnoopSkill.class).getBundleContext();
    String report =
        "ledger="
            + count(bc.getAllServiceReferences("sovereign.api.ledger.Ledger", null))
            + " policy="
            + count(bc.getAllServiceReferences("sovereign.api.policy.Policy", null))
            + " bundles="
            + bc.getBundles().length;
    return report.getBytes(StandardCharsets.UTF_8);
  }

  private static int count(ServiceReference<?>[] refs) {
    return refs == null ? 0 : refs.length;
  }
}
