package sovereign.api.policy;

/** How much a granted capability is trusted to run without a person deciding. */
public enum RiskTier {
  /** Runs when granted. */
  LOW,
  /** Granted, and each distinct request waits for a local human decision. */
  MEDIUM,
  /** Always refused, until the tier table changes. */
  HIGH
}
