package sovereign.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import sovereign.api.ledger.Currency;
import sovereign.util.AtomicFiles;

/**
 * What each subject spent today (UTC day), per currency, for the {@code ledger.spend} daily limits.
 * Saved when the policy stops and read back when it starts on the same day.
 */
final class SpendCounter {

  private static final ObjectMapper JSON = new ObjectMapper();

  private long day;
  private final Map<String, Map<Currency, Long>> spent = new HashMap<>();

  /** Micro-units the subject spent today. */
  synchronized long spent(String subject, Currency currency, long today) {
    roll(today);
    Map<Currency, Long> s = spent.get(subject);
    return s == null ? 0 : s.getOrDefault(currency, 0L);
  }

  /** Adds the amount if the day's total stays within the limit; false (and nothing) otherwise. */
  synchronized boolean tryAdd(
      String subject, Currency currency, long amount, long limit, long today) {
    long now = spent(subject, currency, today);
    if (amount > limit - now) {
      return false;
    }
    spent.computeIfAbsent(subject, s -> new EnumMap<>(Currency.class)).put(currency, now + amount);
    return true;
  }

  private void roll(long today) {
    if (today != day) {
      spent.clear();
      day = today;
    }
  }

  synchronized void save(Path file) throws IOException {
    ObjectNode root = JSON.createObjectNode();
    root.put("day", day);
    ObjectNode subjects = root.putObject("spent");
    spent.forEach(
        (subject, byCurrency) -> {
          ObjectNode o = subjects.putObject(subject);
          byCurrency.forEach((c, v) -> o.put(c.name(), v));
        });
    AtomicFiles.write(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root));
  }

  /** Reads a saved file if it is of today; a file of another day or none leaves zero. */
  synchronized void load(Path file, long today) throws IOException {
    spent.clear();
    day = today;
    if (!Files.exists(file)) {
      return;
    }
    JsonNode root = JSON.readTree(file.toFile());
    if (root == null || root.path("day").asLong(-1) != today) {
      return;
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = root.path("spent").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> subject = it.next();
      for (Iterator<Map.Entry<String, JsonNode>> c = subject.getValue().fields(); c.hasNext(); ) {
        Map.Entry<String, JsonNode> amount = c.next();
        spent
            .computeIfAbsent(subject.getKey(), s -> new EnumMap<>(Currency.class))
            .put(Currency.parse(amount.getKey()), amount.getValue().asLong());
      }
    }
  }
}
