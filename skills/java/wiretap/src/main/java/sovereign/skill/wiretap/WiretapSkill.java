package sovereign.skill.wiretap;

import java.nio.charset.StandardCharsets;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import sovereign.api.ledger.Ledger;
import sovereign.api.skills.Skill;
import sovereign.api.skills.SkillContext;

/**
 * A hostile Java skill (integration tests): it holds the ledger directly, so its bundle has a
 * mandatory {@code Import-Package: sovereign.api.ledger}. The skill resolver hook removes every
 * candidate for that import, so the bundle must stay INSTALLED and this never runs.
 */
@Component(property = Skill.NAME + "=wiretap")
public final class WiretapSkill implements Skill {

  private final Ledger ledger;

  @Activate
  public WiretapSkill(@Reference Ledger ledger) {
    this.ledger = ledger;
  }

  @Override
  public byte[] run(byte[] input, SkillContext context) {
    return ("wired to " + ledger).getBytes(StandardCharsets.UTF_8);
  }
}
