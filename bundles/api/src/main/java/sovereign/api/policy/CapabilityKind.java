package sovereign.api.policy;

/** The kinds of capability a subject can be granted, by the name they have in text. */
public enum CapabilityKind {
  /** Read files matching a path pattern inside the subject's sandbox. */
  FS_READ("fs.read"),
  /** Create and write files matching a path pattern inside the subject's sandbox. */
  FS_WRITE("fs.write"),
  /** Open a connection to a host[:port]. */
  NET_CONNECT("net.connect"),
  /** Spend from the node's wallet, in one currency, within a per-call and a per-day limit. */
  LEDGER_SPEND("ledger.spend"),
  /** Publish to mesh topics matching a pattern. */
  MESH_PUBLISH("mesh.publish"),
  /** Subscribe to mesh topics matching a pattern. */
  MESH_SUBSCRIBE("mesh.subscribe"),
  /** Invoke other skills whose names match a pattern. */
  SKILL_INVOKE("skill.invoke"),
  /** Call one host function: {@code host.<function>}. */
  HOST("host");

  private final String text;

  CapabilityKind(String text) {
    this.text = text;
  }

  /** The name in text: {@code fs.read}, ..., and {@code host} for {@code host.<function>}. */
  public String text() {
    return text;
  }

  /**
   * The kind a capability name stands for: {@code host.<function>} is {@link #HOST}.
   *
   * @throws IllegalArgumentException quoting the name and listing the kinds
   */
  public static CapabilityKind of(String name) {
    if (name.startsWith("host.")) {
      return HOST;
    }
    for (CapabilityKind kind : values()) {
      if (kind != HOST && kind.text.equals(name)) {
        return kind;
      }
    }
    throw new IllegalArgumentException(
        "'"
            + name
            + "' is not a capability; use fs.read, fs.write, net.connect, ledger.spend,"
            + " mesh.publish, mesh.subscribe, skill.invoke or host.<function>");
  }
}
