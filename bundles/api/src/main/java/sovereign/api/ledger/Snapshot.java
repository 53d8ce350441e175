package sovereign.api.ledger;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * A settlement snapshot: heads, balances and totals as canonical JSON (docs/ledger.md). The same
 * set of entries gives the same bytes and hash, whatever order they arrived in.
 *
 * @param json the snapshot, UTF-8 JSON
 * @param hash SHA-256 of the UTF-8 bytes of {@code json}
 * @param entries how many entries it covers
 */
public record Snapshot(String json, Hash hash, long entries) {
  public Snapshot {
    Objects.requireNonNull(json, "json");
    Objects.requireNonNull(hash, "hash");
  }

  public byte[] bytes() {
    return json.getBytes(StandardCharsets.UTF_8);
  }
}
