package sovereign.console;

import java.io.IOException;
import java.lang.annotation.Annotation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.felix.gogo.jline.Shell;
import org.apache.felix.gogo.runtime.CommandProcessorImpl;
import org.apache.felix.gogo.runtime.threadio.ThreadIOImpl;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import sovereign.api.identity.NodeHome;
import sovereign.api.identity.NodeId;
import sovereign.api.node.LaunchOptions;

/**
 * An {@link SshConsole} outside OSGi: a node home in a temporary folder, a real Gogo runtime with
 * the {@code test:*} commands and Gogo JLine's {@code gogo:gosh}, launch options and a recording
 * logger.
 */
final class ConsoleFixture implements AutoCloseable {

  final Path root;
  final Path data;
  final RecordingLogger log = new RecordingLogger();
  final Map<String, String> options = new HashMap<>();
  final AtomicBoolean frameworkExitRequested = new AtomicBoolean();
  final CommandProcessorImpl processor;
  private final ThreadIOImpl threadIO = new ThreadIOImpl();
  private SshConsole console;

  ConsoleFixture(Path root) {
    this(root, true);
  }

  /** A node whose Gogo runtime has Gogo JLine's {@code gogo:gosh} only if {@code gosh}. */
  ConsoleFixture(Path root, boolean gosh) {
    this.root = root;
    this.data = root.resolve("data");
    threadIO.start();
    processor = new CommandProcessorImpl(threadIO);
    processor.addCommand("test", new TestCommands());
    Shell.Context context =
        new Shell.Context() {
          @Override
          public String getProperty(String name) {
            return System.getProperty(name);
          }

          @Override
          public void exit() {
            frameworkExitRequested.set(true);
          }
        };
    if (gosh) {
      // No profile: the stock gosh_profile needs a BundleContext.
      processor.addCommand("gogo", new Shell(context, processor, "no-profile"), "gosh");
    }
  }

  /** Starts the console on 127.0.0.1 with a free port. */
  SshConsole start() throws IOException {
    return start(config(true, "127.0.0.1", 0, 1800));
  }

  SshConsole start(SshConsoleConfig config) throws IOException {
    console = new SshConsole();
    console.nodeHome = nodeHome();
    console.launchOptions = launchOptions();
    console.processor = processor;
    console.logger = log.logger;
    console.activate(config);
    console.awaitStarted();
    return console;
  }

  void stop() {
    if (console != null) {
      console.deactivate();
    }
  }

  int port() {
    return console.server().port();
  }

  /** Writes {@code authorized_keys} (mode 0600) with one line per key. */
  void authorize(KeyPair... keys) throws IOException {
    StringBuilder lines = new StringBuilder("# operators of this node\n");
    for (int i = 0; i < keys.length; i++) {
      lines.append(PublicKeyEntry.toString(keys[i].getPublic())).append(" operator").append(i);
      lines.append('\n');
    }
    writeAuthorizedKeys(lines.toString());
  }

  void writeAuthorizedKeys(String content) throws IOException {
    Files.createDirectories(data);
    Path file = data.resolve("authorized_keys");
    Files.writeString(file, content);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
  }

  NodeHome nodeHome() {
    return new NodeHome() {
      @Override
      public NodeId nodeId() {
        return NodeId.fromPublicKey(new byte[32]);
      }

      @Override
      public Path root() {
        return root;
      }
    };
  }

  LaunchOptions launchOptions() {
    return new LaunchOptions() {
      @Override
      public Path home() {
        return root;
      }

      @Override
      public Optional<String> node() {
        return Optional.empty();
      }

      @Override
      public boolean headless() {
        return true;
      }

      @Override
      public Optional<String> option(String name) {
        return Optional.ofNullable(options.get(name));
      }

      @Override
      public List<String> arguments() {
        return List.of();
      }
    };
  }

  static SshConsoleConfig config(boolean enabled, String host, int port, long idleSeconds) {
    return new SshConsoleConfig() {
      @Override
      public Class<? extends Annotation> annotationType() {
        return SshConsoleConfig.class;
      }

      @Override
      public boolean enabled() {
        return enabled;
      }

      @Override
      public String host() {
        return host;
      }

      @Override
      public int port() {
        return port;
      }

      @Override
      public long idleTimeoutSeconds() {
        return idleSeconds;
      }
    };
  }

  @Override
  public void close() {
    try {
      stop();
    } finally {
      threadIO.stop();
    }
  }
}
