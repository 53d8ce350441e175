package sovereign.api.skills;

/** How a skill is implemented. */
public enum SkillKind {
  /** A WebAssembly module run on Chicory. */
  WASM,
  /** A {@link Skill} service registered by a signed Java bundle. */
  JAVA
}
