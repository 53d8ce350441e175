package sovereign.policy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import sovereign.api.ledger.Currency;
import sovereign.api.policy.Capability;
import sovereign.api.policy.CapabilityKind;

/** Every subject's grants, compiled; immutable, so readers need no lock. */
final class Rules {

  static final Rules EMPTY = new Rules(Map.of());

  /** One subject's rules, by capability kind. */
  static final class Subject {
    final Rule[][] allow = new Rule[CapabilityKind.values().length][];
    final Rule[][] deny = new Rule[CapabilityKind.values().length][];

    Subject(List<Capability> capabilities) {
      for (CapabilityKind kind : CapabilityKind.values()) {
        List<Rule> a = new ArrayList<>();
        List<Rule> d = new ArrayList<>();
        for (Capability c : capabilities) {
          if (c.kind() == kind) {
            (c.deny() ? d : a).add(new Rule(c));
          }
        }
        allow[kind.ordinal()] = a.toArray(Rule[]::new);
        deny[kind.ordinal()] = d.toArray(Rule[]::new);
      }
    }
  }

  private final Map<String, List<Capability>> grants;
  private final Map<String, Subject> subjects;

  private Rules(Map<String, List<Capability>> grants) {
    Map<String, List<Capability>> copy = new LinkedHashMap<>();
    Map<String, Subject> compiled = new LinkedHashMap<>();
    grants.forEach(
        (subject, capabilities) -> {
          copy.put(subject, List.copyOf(capabilities));
          compiled.put(subject, new Subject(capabilities));
        });
    this.grants = Collections.unmodifiableMap(copy);
    this.subjects = compiled;
  }

  /**
   * Checks and compiles grants.
   *
   * @throws IllegalArgumentException naming the subject and the problem: a subject name that cannot
   *     be a sandbox folder, or two ledger.spend grants for one currency
   */
  static Rules of(Map<String, List<Capability>> grants) {
    for (Map.Entry<String, List<Capability>> e : grants.entrySet()) {
      Subjects.check(e.getKey());
      List<Currency> spends = new ArrayList<>();
      for (Capability c : e.getValue()) {
        if (c.kind() == CapabilityKind.LEDGER_SPEND && !c.deny()) {
          if (spends.contains(c.currency())) {
            throw new IllegalArgumentException(
                e.getKey()
                    + " has two ledger.spend grants for "
                    + c.currency()
                    + "; keep one per currency");
          }
          spends.add(c.currency());
        }
      }
    }
    return new Rules(grants);
  }

  Subject subject(String name) {
    return subjects.get(name);
  }

  /** The grants as given: subject to capabilities, in order. */
  Map<String, List<Capability>> grants() {
    return grants;
  }
}
