package sovereign.api.ledger;

/** Whether the metered action succeeded; a failed action is charged too. */
public enum Outcome {
  SUCCESS,
  FAIL
}
