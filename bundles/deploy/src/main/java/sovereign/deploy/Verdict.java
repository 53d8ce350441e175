package sovereign.deploy;

/** What {@link JarVerifier} decided about one jar. */
public sealed interface Verdict permits Verdict.Accepted, Verdict.Rejected {

  /** One line for an operator: the signer and bundle, or the reason for rejection. */
  String text();

  /** Every entry is signed by one trusted, in-scope, unrevoked, currently valid publisher. */
  record Accepted(
      String alias, Scope scope, String fingerprint, String symbolicName, String version)
      implements Verdict {
    @Override
    public String text() {
      return "accepted: "
          + symbolicName
          + " "
          + version
          + " signed by '"
          + alias
          + "' ("
          + scope.label()
          + ", SHA-256 "
          + fingerprint
          + ")";
    }
  }

  /** Refused, with the reason and a detail naming the entry, signer or header at fault. */
  record Rejected(Reason reason, String detail) implements Verdict {
    @Override
    public String text() {
      return "rejected (" + reason.label() + "): " + detail;
    }
  }

  /** Why a jar is rejected. */
  enum Reason {
    NOT_A_BUNDLE("not a bundle"),
    UNSIGNED("unsigned"),
    PARTIALLY_SIGNED("partially signed"),
    CHANGED_AFTER_SIGNING("changed after signing"),
    DIFFERENT_SIGNERS("signed by different signers"),
    REVOKED("revoked signer"),
    UNTRUSTED("untrusted signer"),
    EXPIRED("expired certificate"),
    NOT_YET_VALID("certificate not yet valid"),
    OUT_OF_SCOPE("out-of-scope signer"),
    DIFFERENT_CONTENT("same name and version, different content"),
    NOT_NEWER("not newer than the installed version");

    private final String label;

    Reason(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }
  }
}
