package sovereign.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;
import sovereign.api.identity.NodeHome;
import sovereign.api.policy.KillSwitch;
import sovereign.api.policy.KillSwitchListener;
import sovereign.util.AtomicFiles;

/**
 * The kill switch, kept in {@code <node>/data/killswitch.json} so that it outlives restarts. A file
 * that cannot be read counts as thrown: when in doubt, nothing runs.
 */
@Component(service = {KillSwitch.class, KillSwitchService.class})
public final class KillSwitchService implements KillSwitch {

  static final String FILE = "killswitch.json";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The switch thrown, with why and when. */
  record State(String reason, Instant since) {}

  @Reference NodeHome home;

  @Reference AuditService audit;

  @Reference(service = LoggerFactory.class)
  Logger logger;

  Clock clock = Clock.systemUTC();

  private final List<KillSwitchListener> listeners = new CopyOnWriteArrayList<>();
  private volatile State state;

  @Activate
  void activate() {
    state = read(file());
    if (state != null) {
      logger.warn(
          "the kill switch is thrown since {}: {}; every policy decision is DENY until"
              + " policy:resume",
          state.since(),
          state.reason());
      for (KillSwitchListener l : listeners) {
        tell(l, state.reason());
      }
    }
  }

  @Reference(
      cardinality = ReferenceCardinality.MULTIPLE,
      policy = ReferencePolicy.DYNAMIC,
      unbind = "removeListener")
  void addListener(KillSwitchListener listener) {
    listeners.add(listener);
    State s = state;
    if (s != null) {
      tell(listener, s.reason());
    }
  }

  void removeListener(KillSwitchListener listener) {
    listeners.remove(listener);
  }

  Path file() {
    return home.data().resolve(FILE);
  }

  @Override
  public boolean halted() {
    return state != null;
  }

  @Override
  public Optional<String> reason() {
    State s = state;
    return s == null ? Optional.empty() : Optional.of(s.reason());
  }

  @Override
  public Optional<Instant> since() {
    State s = state;
    return s == null ? Optional.empty() : Optional.of(s.since());
  }

  @Override
  public void halt(String reason) {
    String why = reason == null || reason.isBlank() ? "no reason given" : reason.strip();
    State s = new State(why, clock.instant());
    synchronized (this) {
      state = s; // deny at once, even if the file cannot be written
      try {
        ObjectNode o = JSON.createObjectNode();
        o.put("halted", true);
        o.put("reason", why);
        o.put("since", s.since().toString());
        AtomicFiles.write(file(), JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(o));
      } catch (IOException e) {
        logger.error(
            "kill switch thrown, but {} could not be written ({}): it will not outlive a restart",
            file(),
            e.toString());
      }
    }
    audit.record(new AuditEvent(s.since().toEpochMilli(), AuditEvent.HALTED, "", null, why, ""));
    logger.warn("kill switch thrown: {}", why);
    for (KillSwitchListener l : listeners) {
      tell(l, why);
    }
  }

  /** Lifts the switch; only the console calls it, after the operator confirmed. */
  void resume(String by) {
    synchronized (this) {
      if (state == null) {
        return;
      }
      try {
        Files.deleteIfExists(file());
      } catch (IOException e) {
        throw new UncheckedIOException(
            "cannot delete " + file() + ", so the node stays halted: " + e.getMessage(), e);
      }
      state = null;
    }
    audit.record(new AuditEvent(clock.millis(), AuditEvent.RESUMED, "", null, by, ""));
    logger.warn("kill switch lifted: {}", by);
    for (KillSwitchListener l : listeners) {
      try {
        l.resumed();
      } catch (RuntimeException e) {
        logger.error("a kill switch listener failed on resume: {}", e.toString());
      }
    }
  }

  private void tell(KillSwitchListener listener, String reason) {
    try {
      listener.halted(reason);
    } catch (RuntimeException e) {
      logger.error("a kill switch listener failed on halt: {}", e.toString());
    }
  }

  /**
   * Why the state file cannot be read, or null if it reads or is absent (the switch is not thrown).
   * Logs nothing and changes nothing; for the health check.
   */
  String fileProblem() {
    Path file = file();
    if (!Files.exists(file)) {
      return null;
    }
    try {
      parse(file);
      return null;
    } catch (IOException | RuntimeException e) {
      return "the kill switch file " + file + " cannot be read: " + e.getMessage();
    }
  }

  private static State parse(Path file) throws IOException {
    JsonNode o = JSON.readTree(file.toFile());
    if (o == null || !o.path("halted").asBoolean(false)) {
      throw new IOException("it does not say {\"halted\": true, ...}");
    }
    return new State(
        o.path("reason").asText("no reason given"), Instant.parse(o.path("since").asText()));
  }

  private State read(Path file) {
    if (!Files.exists(file)) {
      return null;
    }
    try {
      return parse(file);
    } catch (IOException | RuntimeException e) {
      logger.error("cannot read {} ({}): the kill switch counts as thrown", file, e.getMessage());
      return new State("the kill switch file " + file + " cannot be read", clock.instant());
    }
  }
}
