package sovereign.node;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;
import sovereign.api.identity.NodeHome;

/**
 * The operator's configuration: each {@code <node>/data/config/<pid>.json} file is the
 * configuration of that PID, e.g. {@code sovereign.ledger.json} with {@code {"mintAuthorities":
 * ["self"]}}. Files are read at start and whenever they change; a deleted file deletes its
 * configuration. A file that is not a JSON object of strings, numbers, booleans and arrays of them
 * is refused with a log line naming it, and changes nothing (docs/architecture.md,
 * "Configuration").
 */
@Component(
    immediate = true,
    service = {})
public class ConfigFolder {

  static final String FOLDER = "config";
  static final String SUFFIX = ".json";
  private static final Pattern PID = Pattern.compile("[A-Za-z0-9_.-]+");
  private static final ObjectMapper JSON = new ObjectMapper();

  @Reference ConfigurationAdmin configAdmin;
  @Reference NodeHome home;

  @Reference(service = LoggerFactory.class)
  Logger logger;

  private WatchService watcher;
  private Thread watching;

  @Activate
  void activate() throws IOException {
    Path folder = home.data().resolve(FOLDER);
    Files.createDirectories(folder);
    try (DirectoryStream<Path> files = Files.newDirectoryStream(folder, "*" + SUFFIX)) {
      for (Path file : files) {
        apply(file);
      }
    }
    watcher = folder.getFileSystem().newWatchService();
    folder.register(
        watcher,
        StandardWatchEventKinds.ENTRY_CREATE,
        StandardWatchEventKinds.ENTRY_MODIFY,
        StandardWatchEventKinds.ENTRY_DELETE);
    watching = new Thread(() -> watch(folder), "sovereign-config-folder");
    watching.setDaemon(true);
    watching.start();
  }

  @Deactivate
  void deactivate() throws IOException, InterruptedException {
    watcher.close();
    watching.join(5000);
  }

  private void watch(Path folder) {
    try {
      while (true) {
        WatchKey key = watcher.take();
        for (var event : key.pollEvents()) {
          if (event.context() instanceof Path name && name.toString().endsWith(SUFFIX)) {
            Path file = folder.resolve(name);
            if (event.kind() == StandardWatchEventKinds.ENTRY_DELETE) {
              remove(file);
            } else {
              apply(file);
            }
          }
        }
        key.reset();
      }
    } catch (ClosedWatchServiceException | InterruptedException e) {
      // deactivated
    }
  }

  /** Reads one file into the configuration of its PID. */
  void apply(Path file) {
    String pid = pid(file);
    if (pid == null) {
      return;
    }
    Dictionary<String, Object> properties;
    try {
      properties = parse(Files.readString(file));
    } catch (IOException | IllegalArgumentException e) {
      logger.error("configuration {} refused, nothing changed: {}", file, e.getMessage());
      return;
    }
    try {
      Configuration configuration = configAdmin.getConfiguration(pid, "?");
      if (configuration.updateIfDifferent(properties)) {
        logger.info("configuration {} applied from {}", pid, file);
      }
    } catch (IOException e) {
      logger.error("configuration {} from {} could not be applied: {}", pid, file, e.toString());
    }
  }

  private void remove(Path file) {
    String pid = pid(file);
    if (pid == null) {
      return;
    }
    try {
      Configuration[] existing = configAdmin.listConfigurations("(service.pid=" + pid + ")");
      if (existing != null) {
        for (Configuration c : existing) {
          c.delete();
        }
        logger.info("configuration {} deleted with {}", pid, file);
      }
    } catch (IOException | org.osgi.framework.InvalidSyntaxException e) {
      logger.error("configuration {} could not be deleted: {}", pid, e.toString());
    }
  }

  private String pid(Path file) {
    String name = file.getFileName().toString();
    String pid = name.substring(0, name.length() - SUFFIX.length());
    if (!PID.matcher(pid).matches()) {
      logger.warn("ignoring {}: a configuration file is named <pid>.json", file);
      return null;
    }
    return pid;
  }

  /**
   * A JSON object as configuration properties: strings, whole numbers (Long), decimals (Double),
   * booleans, and arrays of one of those kinds.
   *
   * @throws IllegalArgumentException saying which property is not of those kinds
   */
  static Dictionary<String, Object> parse(String text) throws IOException {
    JsonNode root = JSON.readTree(text);
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException("it is not a JSON object: {\"property\": value, ...}");
    }
    Hashtable<String, Object> properties = new Hashtable<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      JsonNode value = field.getValue();
      if (value.isArray()) {
        List<Object> items = new ArrayList<>();
        for (JsonNode item : value) {
          items.add(scalar(field.getKey(), item));
        }
        properties.put(field.getKey(), toArray(field.getKey(), items));
      } else {
        properties.put(field.getKey(), scalar(field.getKey(), value));
      }
    }
    return properties;
  }

  private static Object scalar(String key, JsonNode value) {
    if (value.isTextual()) {
      return value.asText();
    }
    if (value.isBoolean()) {
      return value.asBoolean();
    }
    if (value.isIntegralNumber() && value.canConvertToLong()) {
      return value.asLong();
    }
    if (value.isNumber()) {
      return value.asDouble();
    }
    throw new IllegalArgumentException(
        "property '" + key + "' is " + value.getNodeType() + "; use a string, number or boolean");
  }

  private static Object toArray(String key, List<Object> items) {
    if (items.stream().allMatch(String.class::isInstance)) {
      return items.toArray(String[]::new);
    }
    if (items.stream().allMatch(Long.class::isInstance)) {
      return items.stream().mapToLong(Long.class::cast).toArray();
    }
    if (items.stream().allMatch(Boolean.class::isInstance)) {
      Boolean[] out = items.toArray(Boolean[]::new);
      return out;
    }
    if (items.stream().allMatch(Number.class::isInstance)) {
      double[] numbers = new double[items.size()];
      for (int i = 0; i < numbers.length; i++) {
        numbers[i] = ((Number) items.get(i)).doubleValue();
      }
      return numbers;
    }
    throw new IllegalArgumentException(
        "property '" + key + "' mixes kinds in one array; use one kind per array");
  }
}
