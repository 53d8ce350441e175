package sovereign.api.policy;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;
import sovereign.api.ledger.Amounts;
import sovereign.api.ledger.Currency;

/**
 * One grant (or, with {@code deny}, one explicit denial) as written in text: {@code
 * <name>[:<argument>]}, with a leading {@code !} for a denial. docs/policy.md lists the syntax:
 *
 * <pre>
 * fs.read:&lt;path pattern&gt;          fs.write:&lt;path pattern&gt;     (inside sandbox/&lt;subject&gt;/)
 * net.connect:&lt;host&gt;[:&lt;port&gt;]     ledger.spend:&lt;CUR&gt;:&lt;per call&gt;:&lt;per day&gt;
 * mesh.publish:&lt;topic pattern&gt;     mesh.subscribe:&lt;topic pattern&gt;
 * skill.invoke:&lt;skill pattern&gt;     host.&lt;function pattern&gt;
 * </pre>
 *
 * @param kind what it grants
 * @param name the capability's name: {@code kind.text()}, or {@code host.<function pattern>}
 * @param argument the pattern (or currency and limits), canonical; empty for host functions
 * @param deny an explicit denial, which beats any grant
 */
public record Capability(CapabilityKind kind, String name, String argument, boolean deny) {

  private static final Pattern PATH = Pattern.compile("[^\\x00-\\x1f\\\\%]+");
  private static final Pattern HOST = Pattern.compile("[a-z0-9*]([a-z0-9*.-]*[a-z0-9*])?");
  private static final Pattern IPV6 = Pattern.compile("\\[[0-9a-f:.]+\\]");
  private static final Pattern TOPIC = Pattern.compile("[A-Za-z0-9_*/.-]+");
  private static final Pattern NAME = Pattern.compile("[a-z0-9_*.-]+");
  private static final Pattern FUNCTION = Pattern.compile("[A-Za-z0-9_*]+");

  public Capability {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(argument, "argument");
  }

  /**
   * Parses one capability, e.g. {@code fs.read:data/**}, {@code net.connect:*.example.com:443},
   * {@code ledger.spend:IPPC:0.5:10}, {@code host.log}, {@code !net.connect:evil.example.com}.
   *
   * @throws IllegalArgumentException quoting the text and saying what would work
   */
  public static Capability parse(String text) {
    String s = text == null ? "" : text.strip();
    boolean deny = s.startsWith("!");
    if (deny) {
      s = s.substring(1).strip();
    }
    int colon = s.indexOf(':');
    String name = colon < 0 ? s : s.substring(0, colon);
    String argument = colon < 0 ? "" : s.substring(colon + 1);
    CapabilityKind kind = kind(text, name);
    String canonical =
        switch (kind) {
          case FS_READ, FS_WRITE -> path(text, argument);
          case NET_CONNECT -> host(text, argument);
          case LEDGER_SPEND -> spend(text, argument, deny);
          case MESH_PUBLISH, MESH_SUBSCRIBE -> pattern(text, argument, TOPIC, "a topic pattern");
          case SKILL_INVOKE -> pattern(text, argument, NAME, "a skill name pattern");
          case HOST -> function(text, name, argument);
        };
    return new Capability(kind, name, canonical, deny);
  }

  /** For {@code ledger.spend}: the currency. */
  public Currency currency() {
    requireSpend();
    return Currency.parse(argument.split(":")[0]);
  }

  /** For a {@code ledger.spend} grant: the most one call may spend, in micro-units. */
  public long perCall() {
    requireSpend();
    String[] parts = argument.split(":");
    return parts.length > 1 ? Amounts.parse(parts[1]) : 0;
  }

  /** For a {@code ledger.spend} grant: the most all calls of one UTC day may spend, micro-units. */
  public long perDay() {
    requireSpend();
    String[] parts = argument.split(":");
    return parts.length > 2 ? Amounts.parse(parts[2]) : 0;
  }

  /** The text {@link #parse} reads back. */
  @Override
  public String toString() {
    return (deny ? "!" : "") + name + (argument.isEmpty() ? "" : ":" + argument);
  }

  private void requireSpend() {
    if (kind != CapabilityKind.LEDGER_SPEND) {
      throw new IllegalStateException(this + " is not a ledger.spend capability");
    }
  }

  private static String path(String text, String pattern) {
    if (pattern.isEmpty()) {
      throw new IllegalArgumentException(
          "'" + text + "' needs a path pattern, e.g. fs.read:** for the whole sandbox");
    }
    if (!PATH.matcher(pattern).matches()
        || pattern.startsWith("/")
        || ("/" + pattern + "/").contains("/../")
        || ("/" + pattern + "/").contains("/./")) {
      throw new IllegalArgumentException(
          "'"
              + text
              + "' is not a path pattern inside the sandbox; write a relative path with / and"
              + " * or **, without .., backslashes, % or control characters, e.g. data/*.txt");
    }
    return pattern;
  }

  private static String host(String text, String argument) {
    String a = argument.toLowerCase(Locale.ROOT);
    int split = a.startsWith("[") ? a.indexOf(']') + 1 : a.lastIndexOf(':');
    boolean hasPort = split > 0 && split < a.length();
    String host = hasPort ? a.substring(0, split) : a;
    String port = hasPort ? a.substring(split) : "";
    boolean portOk =
        !hasPort || port.equals(":*") || (port.startsWith(":") && validPort(port.substring(1)));
    port = hasPort ? port.substring(1) : "";
    boolean hostOk = IPV6.matcher(host).matches() || HOST.matcher(host).matches();
    if (!hostOk || !portOk) {
      throw new IllegalArgumentException(
          "'"
              + text
              + "' is not host[:port]; write e.g. net.connect:api.example.com:443,"
              + " net.connect:*.example.com, net.connect:10.0.0.5:8080 or net.connect:[::1]:80");
    }
    return port.isEmpty() || port.equals("*") ? host : host + ":" + Integer.parseInt(port);
  }

  private static boolean validPort(String port) {
    if (port.isEmpty() || port.length() > 5 || !port.chars().allMatch(Character::isDigit)) {
      return false;
    }
    int p = Integer.parseInt(port);
    return p >= 1 && p <= 65535;
  }

  private static String spend(String text, String argument, boolean deny) {
    String[] parts = argument.split(":", -1);
    String usage =
        "; write ledger.spend:<currency>:<max per call>:<max per day> in whole units, e.g."
            + " ledger.spend:IPPC:0.5:20 (a denial names only the currency: !ledger.spend:IPPC)";
    if (deny ? parts.length != 1 : parts.length != 3) {
      throw new IllegalArgumentException("'" + text + "' is not a ledger.spend capability" + usage);
    }
    Currency currency;
    try {
      currency = Currency.parse(parts[0]);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("'" + text + "': " + e.getMessage());
    }
    if (deny) {
      return currency.name();
    }
    long perCall;
    long perDay;
    try {
      perCall = Amounts.parse(parts[1]);
      perDay = Amounts.parse(parts[2]);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("'" + text + "': " + e.getMessage() + usage);
    }
    if (perCall <= 0 || perDay < perCall) {
      throw new IllegalArgumentException(
          "'"
              + text
              + "': the limits must be positive and the daily one at least the per-call one");
    }
    return currency.name() + ":" + Amounts.format(perCall) + ":" + Amounts.format(perDay);
  }

  private static String pattern(String text, String argument, Pattern syntax, String what) {
    if (!syntax.matcher(argument).matches()) {
      throw new IllegalArgumentException(
          "'"
              + text
              + "' needs "
              + what
              + " after the colon (letters, digits, . _ - and * or **), e.g. "
              + (syntax == TOPIC ? "mesh.publish:news.*" : "skill.invoke:echo"));
    }
    return argument;
  }

  private static String function(String text, String name, String argument) {
    String function = name.substring("host.".length());
    if (!argument.isEmpty() || !FUNCTION.matcher(function).matches()) {
      throw new IllegalArgumentException(
          "'"
              + text
              + "' is not a host function capability; write host.<function>, e.g. host.log or"
              + " host.* for all of them");
    }
    return "";
  }

  private static CapabilityKind kind(String text, String name) {
    try {
      return CapabilityKind.of(name);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          e.getMessage().replace("'" + name + "'", "'" + text + "'"));
    }
  }
}
