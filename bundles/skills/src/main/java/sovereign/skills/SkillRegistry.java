package sovereign.skills;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;

/** The loaded skills by name; a name belongs to the first active bundle that claims it. */
final class SkillRegistry {

  private final Map<String, LoadedSkill> skills = new ConcurrentSkipListMap<>();

  /**
   * Adds a skill.
   *
   * @throws IllegalArgumentException naming the bundle that holds the name already
   */
  void add(LoadedSkill skill) {
    LoadedSkill held = skills.putIfAbsent(skill.name(), skill);
    if (held != null && held.bundle().getBundleId() != skill.bundle().getBundleId()) {
      throw new IllegalArgumentException(
          "skill '"
              + skill.name()
              + "' is already loaded from bundle "
              + held.bundle().getSymbolicName()
              + " ["
              + held.bundle().getBundleId()
              + "]; stop or uninstall that bundle first");
    }
    if (held != null) {
      skills.put(skill.name(), skill);
    }
  }

  /** Removes a bundle's skill, if that bundle holds it. */
  void remove(LoadedSkill skill) {
    skills.remove(skill.name(), skill);
  }

  Optional<LoadedSkill> get(String name) {
    return Optional.ofNullable(skills.get(name));
  }

  List<LoadedSkill> all() {
    return List.copyOf(skills.values());
  }
}
