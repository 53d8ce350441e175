package sovereign.skills;

import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.ExternalType;
import com.dylibso.chicory.wasm.types.FunctionImport;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.Import;
import java.util.Locale;
import java.util.TreeSet;
import sovereign.api.policy.Decision;
import sovereign.api.policy.Policy;
import sovereign.api.policy.Request;
import sovereign.api.skills.SkillFailedException.Reason;

/**
 * Link-time check: every import is a host function the host provides, with its type, that the
 * skill's bundle asked for and the policy grants.
 */
final class Imports {

  private Imports() {}

  /**
   * @throws SkillException LINK naming the first import that is not a host function, not provided
   *     by the host, of the wrong type, not asked for in the bundle's manifest, or not granted to
   *     {@code subject} ({@code host.<name>}, decided and audited)
   */
  static void check(
      WasmModule module, Policy policy, String subject, Requested requested, String correlation) {
    var section = module.importSection();
    for (int i = 0; i < section.importCount(); i++) {
      Import imp = section.getImport(i);
      String name = imp.module() + "." + imp.name();
      if (imp.importType() != ExternalType.FUNCTION) {
        throw link(
            "import "
                + name
                + " is a "
                + imp.importType().name().toLowerCase(Locale.ROOT)
                + "; the skill host provides only functions");
      }
      FunctionType wanted = HostAbi.TYPES.get(imp.name());
      if (!HostAbi.MODULE.equals(imp.module()) || wanted == null) {
        throw link(
            "import "
                + name
                + " is not provided by the skill host (it provides env."
                + String.join(", env.", new TreeSet<>(HostAbi.FUNCTIONS))
                + ")");
      }
      FunctionType declared = module.typeSection().getType(((FunctionImport) imp).typeIndex());
      if (!declared.typesMatch(wanted)) {
        throw link("import " + name + " is declared as " + declared + "; the host's is " + wanted);
      }
      if (!requested.hostFunction(imp.name())) {
        throw link(
            "import "
                + name
                + " is not asked for in the bundle's Sovereign-Skill-Capabilities (add host."
                + imp.name()
                + ")");
      }
      Decision decision =
          policy.decide(subject, Request.host(imp.name()).withCorrelation(correlation));
      if (!decision.allowed()) {
        throw link(
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

  private static SkillException link(String message) {
    return new SkillException(Reason.LINK, message);
  }
}
