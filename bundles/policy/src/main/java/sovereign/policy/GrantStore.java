package sovereign.policy;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;
import sovereign.api.identity.NodeHome;
import sovereign.api.policy.Capability;
import sovereign.api.policy.CapabilityKind;
import sovereign.util.AtomicFiles;

/**
 * The grants: read from {@code <node>/data/policy.json} at start and whenever it changes (a file
 * that cannot be read is refused with an ERROR log line and changes nothing; a deleted file means
 * no grants), and written back, atomically, by {@code policy:grant} and {@code policy:revoke}.
 */
@Component(service = GrantStore.class)
public final class GrantStore {

  @Reference NodeHome home;

  @Reference AuditService audit;

  @Reference(service = LoggerFactory.class)
  Logger logger;

  Clock clock = Clock.systemUTC();

  private volatile Rules rules = Rules.EMPTY;
  private WatchService watcher;
  private Thread watching;

  @Activate
  void activate() throws IOException {
    Path file = file();
    if (!Files.exists(file)) {
      AtomicFiles.write(file, PolicyFile.format(Map.of()));
    }
    load();
    watcher = file.getFileSystem().newWatchService();
    file.getParent()
        .register(
            watcher,
            StandardWatchEventKinds.ENTRY_CREATE,
            StandardWatchEventKinds.ENTRY_MODIFY,
            StandardWatchEventKinds.ENTRY_DELETE);
    watching = new Thread(this::watch, "sovereign-policy-file");
    watching.setDaemon(true);
    watching.start();
  }

  @Deactivate
  void deactivate() throws IOException, InterruptedException {
    if (watcher != null) {
      watcher.close();
      watching.join(5000);
    }
  }

  Path file() {
    return home.data().resolve(PolicyFile.NAME);
  }

  Rules rules() {
    return rules;
  }

  /**
   * Why the policy file cannot be read or is refused, or null if it reads (or is absent: no
   * grants). Logs nothing and changes nothing; for the health check.
   */
  String fileProblem() {
    Path file = file();
    try {
      PolicyFile.parse(Files.readString(file));
      return null;
    } catch (NoSuchFileException e) {
      return null;
    } catch (IOException | IllegalArgumentException e) {
      return "the policy file " + file + " cannot be read or is refused: " + e.getMessage();
    }
  }

  private void watch() {
    try {
      while (true) {
        WatchKey key = watcher.take();
        boolean changed = false;
        for (var event : key.pollEvents()) {
          changed |=
              event.context() instanceof Path name && name.toString().equals(PolicyFile.NAME);
        }
        key.reset();
        if (changed) {
          load();
        }
      }
    } catch (ClosedWatchServiceException | InterruptedException e) {
      // deactivated
    }
  }

  /** Reads the file; returns whether it was accepted. */
  synchronized boolean load() {
    Map<String, List<Capability>> grants;
    try {
      grants = PolicyFile.parse(Files.readString(file()));
    } catch (NoSuchFileException e) {
      grants = Map.of();
      logger.warn("policy file {} was deleted: no subject has any grant", file());
    } catch (IOException | IllegalArgumentException e) {
      logger.error("policy file {} refused, nothing changed: {}", file(), e.getMessage());
      return false;
    }
    if (grants.equals(rules.grants())) {
      return true;
    }
    rules = Rules.of(grants);
    int count = grants.values().stream().mapToInt(List::size).sum();
    String summary = grants.size() + " subject(s), " + count + " capability(ies)";
    logger.info("policy file {} read: {}", file(), summary);
    audit.record(new AuditEvent(clock.millis(), AuditEvent.POLICY_FILE, "", null, summary, ""));
    return true;
  }

  /**
   * Grants a capability (or, with {@code !}, records a denial) and saves the file. A ledger.spend
   * grant replaces the subject's grant for that currency.
   *
   * @return what changed, in words
   */
  synchronized String grant(String subject, Capability capability) throws IOException {
    Subjects.check(subject);
    Map<String, List<Capability>> grants = current();
    List<Capability> list = new ArrayList<>(grants.getOrDefault(subject, List.of()));
    if (list.contains(capability)) {
      return subject + " already has " + capability;
    }
    String replaced = "";
    if (capability.kind() == CapabilityKind.LEDGER_SPEND && !capability.deny()) {
      for (Capability c : List.copyOf(list)) {
        if (c.kind() == CapabilityKind.LEDGER_SPEND
            && !c.deny()
            && c.currency() == capability.currency()) {
          list.remove(c);
          replaced = " (replacing " + c + ")";
        }
      }
    }
    list.add(capability);
    grants.put(subject, list);
    save(grants);
    audit.record(
        new AuditEvent(clock.millis(), AuditEvent.GRANT, subject, null, capability + replaced, ""));
    return (capability.deny() ? "denied " : "granted ") + capability + " to " + subject + replaced;
  }

  /**
   * Removes a grant or denial and saves the file.
   *
   * @throws IllegalArgumentException if the subject does not have it, listing what it has
   */
  synchronized String revoke(String subject, Capability capability) throws IOException {
    Map<String, List<Capability>> grants = current();
    List<Capability> list = new ArrayList<>(grants.getOrDefault(subject, List.of()));
    if (!list.remove(capability)) {
      throw new IllegalArgumentException(
          "'"
              + subject
              + "' does not have '"
              + capability
              + "'; it has: "
              + (list.isEmpty() ? "nothing" : list.toString())
              + " (policy:list shows every grant)");
    }
    if (list.isEmpty()) {
      grants.remove(subject);
    } else {
      grants.put(subject, list);
    }
    save(grants);
    audit.record(
        new AuditEvent(
            clock.millis(), AuditEvent.REVOKE, subject, null, capability.toString(), ""));
    return "revoked " + capability + " from " + subject;
  }

  /** The grants as the file has them now, so that a command never overwrites an edit. */
  private Map<String, List<Capability>> current() throws IOException {
    Path file = file();
    if (!Files.exists(file)) {
      return new LinkedHashMap<>();
    }
    try {
      return new LinkedHashMap<>(PolicyFile.parse(Files.readString(file)));
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException(
          "policy file " + file + " is refused (" + e.getMessage() + "); fix it first");
    }
  }

  private void save(Map<String, List<Capability>> grants) throws IOException {
    Rules compiled = Rules.of(grants);
    AtomicFiles.write(file(), PolicyFile.format(grants));
    rules = compiled;
  }
}
