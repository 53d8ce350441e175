package sovereign.skills;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import sovereign.api.policy.Capability;
import sovereign.api.policy.CapabilityKind;

/**
 * What a skill's bundle asks for in its {@code Sovereign-Skill-Capabilities} header. A skill gets
 * what it asked for only as far as the policy grants it: a host function it did not ask for does
 * not link, and a kind of access it did not ask for ({@code fs.read}, {@code net.connect}, ...) is
 * refused before the policy is asked.
 */
final class Requested {

  /** Asks for everything; the policy alone decides (tests, and callers that check elsewhere). */
  static final Requested ALL = new Requested(List.of(Capability.parse("host.*")), true);

  private final List<Capability> capabilities;
  private final boolean all;

  Requested(List<Capability> capabilities) {
    this(capabilities, false);
  }

  private Requested(List<Capability> capabilities, boolean all) {
    this.capabilities = List.copyOf(capabilities);
    this.all = all;
  }

  /**
   * @throws IllegalArgumentException naming the entry that is not a capability
   */
  static Requested parse(List<String> texts) {
    return new Requested(texts.stream().map(Capability::parse).toList());
  }

  /** The capabilities asked for, as written. */
  List<String> texts() {
    return capabilities.stream().map(Capability::toString).toList();
  }

  /**
   * Whether the host function {@code name} was asked for ({@code host.<name>} or {@code host.*}).
   */
  boolean hostFunction(String name) {
    if (all) {
      return true;
    }
    for (Capability c : capabilities) {
      if (c.kind() == CapabilityKind.HOST && !c.deny()) {
        String pattern = c.name().substring("host.".length());
        if (pattern.equals("*") || pattern.equals(name)) {
          return true;
        }
      }
    }
    return false;
  }

  /** Whether any capability of this kind was asked for. */
  boolean kind(CapabilityKind kind) {
    return all || kinds().contains(kind);
  }

  private Set<CapabilityKind> kinds() {
    Set<CapabilityKind> kinds = EnumSet.noneOf(CapabilityKind.class);
    capabilities.stream().filter(c -> !c.deny()).forEach(c -> kinds.add(c.kind()));
    return kinds;
  }
}
