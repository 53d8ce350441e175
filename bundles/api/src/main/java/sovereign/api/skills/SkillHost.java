package sovereign.api.skills;

import java.util.List;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/** Runs the skills loaded from skill bundles. See docs/skills.md. */
@ProviderType
public interface SkillHost {

  /** The skills loaded, by name. */
  List<SkillInfo> skills();

  /** One skill. */
  Optional<SkillInfo> skill(String name);

  /**
   * Runs a skill once: refused while the kill switch is thrown; the quoted cost of its wall-time
   * limit is reserved on the ledger before it starts and the time it used is charged after it, also
   * when it fails.
   *
   * @throws SkillFailedException saying what refused or stopped it and what was charged
   * @throws InterruptedException if the caller is interrupted; the run is stopped and charged
   */
  SkillResult run(String name, byte[] input) throws InterruptedException;
}
