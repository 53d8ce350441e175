package sovereign.policy;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import sovereign.api.policy.Decision;
import sovereign.api.policy.Request;

/**
 * MEDIUM-tier requests waiting for the operator, and the answers given: an approved request is
 * allowed, and a denied one refused, for the validity time; an unanswered one expires as denied.
 * Requests are compared without their correlation id.
 */
final class Approvals {

  /** A request waiting for the operator. */
  record Pending(
      String id,
      String subject,
      Request request,
      Instant asked,
      Instant expires,
      CompletableFuture<Decision> answer) {}

  private record Answer(boolean approved, String id, long untilMillis) {}

  private static final char[] ID_CHARS = "abcdefghjkmnpqrstuvwxyz23456789".toCharArray();

  private final SecureRandom random = new SecureRandom();
  private final Map<String, Pending> byId = new ConcurrentHashMap<>();
  private final Map<String, Map<Request, Pending>> bySubject = new ConcurrentHashMap<>();
  private final Map<String, Map<Request, Answer>> answers = new ConcurrentHashMap<>();

  /**
   * The standing answer for this request: ALLOW (approved), DENY (denied), PENDING (waiting), or
   * null if the operator was never asked or the answer lapsed.
   */
  Decision lookup(String subject, Request request, long nowMillis) {
    Request key = key(request);
    Map<Request, Answer> given = answers.get(subject);
    Answer a = given == null ? null : given.get(key);
    if (a != null && a.untilMillis > nowMillis) {
      return a.approved
          ? Decision.ALLOW
          : Decision.deny("denied by the operator (approval " + a.id + ")");
    }
    Map<Request, Pending> waiting = bySubject.get(subject);
    Pending p = waiting == null ? null : waiting.get(key);
    return p == null ? null : pending(p);
  }

  /**
   * Asks the operator, unless the same request is already waiting.
   *
   * @return the pending approval, or null if {@code max} approvals are already waiting
   */
  synchronized Pending ask(
      String subject, Request request, Instant now, long timeoutMillis, int max) {
    Request key = key(request);
    Pending existing = bySubject.getOrDefault(subject, Map.of()).get(key);
    if (existing != null) {
      return existing;
    }
    if (byId.size() >= max) {
      return null;
    }
    String id;
    do {
      char[] chars = new char[6];
      for (int i = 0; i < chars.length; i++) {
        chars[i] = ID_CHARS[random.nextInt(ID_CHARS.length)];
      }
      id = new String(chars);
    } while (byId.containsKey(id));
    Pending p =
        new Pending(
            id, subject, key, now, now.plusMillis(timeoutMillis), new CompletableFuture<>());
    byId.put(id, p);
    bySubject.computeIfAbsent(subject, s -> new ConcurrentHashMap<>()).put(key, p);
    return p;
  }

  /**
   * Records the operator's answer.
   *
   * @return the approval answered, or null if no approval has this id (answered or expired)
   */
  synchronized Pending answer(String id, boolean approved, long nowMillis, long validityMillis) {
    Pending p = remove(id);
    if (p == null) {
      return null;
    }
    answers
        .computeIfAbsent(p.subject(), s -> new ConcurrentHashMap<>())
        .put(p.request(), new Answer(approved, id, nowMillis + validityMillis));
    p.answer()
        .complete(
            approved
                ? Decision.ALLOW
                : Decision.deny("denied by the operator (approval " + id + ")"));
    return p;
  }

  /** Removes the approvals whose time is up, answering each as denied; returns them. */
  synchronized List<Pending> expire(Instant now) {
    List<Pending> expired = new ArrayList<>();
    for (Pending p : List.copyOf(byId.values())) {
      if (!p.expires().isAfter(now)) {
        remove(p.id());
        p.answer().complete(Decision.deny("approval " + p.id() + " expired unanswered"));
        expired.add(p);
      }
    }
    long nowMillis = now.toEpochMilli();
    answers.values().forEach(m -> m.values().removeIf(a -> a.untilMillis <= nowMillis));
    return expired;
  }

  /** Refuses everything still waiting, as when the policy stops. */
  synchronized void closeAll(String reason) {
    for (Pending p : List.copyOf(byId.values())) {
      remove(p.id());
      p.answer().complete(Decision.deny(reason));
    }
  }

  Pending get(String id) {
    return byId.get(id);
  }

  /** Everything waiting, oldest first. */
  List<Pending> pending() {
    List<Pending> out = new ArrayList<>(byId.values());
    out.sort(Comparator.comparing(Pending::asked).thenComparing(Pending::id));
    return out;
  }

  private Pending remove(String id) {
    Pending p = byId.remove(id);
    if (p != null) {
      Map<Request, Pending> waiting = bySubject.get(p.subject());
      if (waiting != null) {
        waiting.remove(p.request());
      }
    }
    return p;
  }

  static Decision pending(Pending p) {
    return Decision.pending(
        p.id(), "waits for the operator: policy:approve " + p.id() + " or policy:deny " + p.id());
  }

  private static Request key(Request r) {
    return r.correlation().isEmpty() ? r : r.withCorrelation("");
  }
}
