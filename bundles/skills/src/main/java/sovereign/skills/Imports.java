package sovereign.skills;

import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.ExternalType;
import com.dylibso.chicory.wasm.types.Import;
import sovereign.api.policy.Decision;
import sovereign.api.policy.Policy;
import sovereign.api.policy.Request;

/** Link-time check: every import is a host function the runner provides and the policy grants. */
final class Imports {

  private Imports() {}

  /**
   * @throws SkillException LINK naming the first import that is not a host function, not provided
   *     by the host, or not granted to {@code subject} ({@code host.<name>}, decided and audited)
   */
  static void check(WasmModule module, Policy policy, String subject, String correlation) {
    var section = module.importSection();
    for (int i = 0; i < section.importCount(); i++) {
      Import imp = section.getImport(i);
      String name = imp.module() + "." + imp.name();
      if (imp.importType() != ExternalType.FUNCTION) {
        throw new SkillException(
            SkillException.Kind.LINK,
            "import "
                + name
                + " is a "
                + imp.importType().name().toLowerCase(java.util.Locale.ROOT)
                + "; the skill host provides only functions");
      }
      if (!HostAbi.MODULE.equals(imp.module()) || !HostAbi.FUNCTIONS.contains(imp.name())) {
        throw new SkillException(
            SkillException.Kind.LINK,
            "import "
                + name
                + " is not provided by the skill host (it provides env."
                + abi()
                + ")");
      }
      Decision decision =
          policy.decide(subject, Request.host(imp.name()).withCorrelation(correlation));
      if (!decision.allowed()) {
        throw new SkillException(
            SkillException.Kind.LINK,
            "import "
                + name
                + " is not granted to skill "
                + subject
                + " (host."
                + imp.name()
                + "): "
                + decision);
      }
    }
  }

  private static String abi() {
    return String.join(", env.", new java.util.TreeSet<>(HostAbi.FUNCTIONS));
  }
}
