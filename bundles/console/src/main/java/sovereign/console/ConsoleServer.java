package sovereign.console;

import java.io.IOException;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.felix.service.command.CommandProcessor;
import org.apache.sshd.common.config.keys.AuthorizedKeyEntry;
import org.apache.sshd.common.io.nio2.Nio2ServiceFactoryFactory;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.session.SessionListener;
import org.apache.sshd.core.CoreModuleProperties;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.auth.pubkey.AuthorizedKeyEntriesPublickeyAuthenticator;
import org.apache.sshd.server.auth.pubkey.UserAuthPublicKeyFactory;
import org.apache.sshd.server.channel.ChannelSessionFactory;
import org.apache.sshd.server.forward.RejectAllForwardingFilter;
import org.apache.sshd.server.session.ServerSession;
import org.osgi.service.log.Logger;

/**
 * A running Apache SSHD server for the console: public-key authentication only, session channels
 * only (exec and shell; no port forwarding, agent forwarding, SFTP or SCP), and the threads it
 * owns. {@link #close()} stops it and waits for those threads.
 */
final class ConsoleServer implements AutoCloseable {

  private static final long STOP_WAIT_SECONDS = 5;

  private final SshServer server;
  private final ExecutorService sessions;
  private final String hostKeyFingerprint;
  private final KeyFileAuthenticator authenticator;

  private ConsoleServer(
      SshServer server,
      ExecutorService sessions,
      String hostKeyFingerprint,
      KeyFileAuthenticator authenticator) {
    this.server = server;
    this.sessions = sessions;
    this.hostKeyFingerprint = hostKeyFingerprint;
    this.authenticator = authenticator;
  }

  /**
   * Starts a server on {@code settings}' address with the host key and authorized keys of {@code
   * data}.
   *
   * @throws IOException if the host key cannot be loaded or created, or the address cannot be bound
   */
  static ConsoleServer start(
      ConsoleSettings settings, Path data, CommandProcessor processor, Logger logger)
      throws IOException {
    KeyPair hostKey = HostKey.loadOrCreate(data.resolve(HostKey.FILE_NAME));
    KeyFileAuthenticator authenticator =
        new KeyFileAuthenticator(data.resolve(KeyFileAuthenticator.FILE_NAME), logger);
    ExecutorService sessions = Executors.newCachedThreadPool(threads("sovereign-ssh-"));
    Path history = data.resolve(ShellCommand.HISTORY_FILE);

    SshServer server = SshServer.setUpDefaultServer();
    server.setIoServiceFactoryFactory(new Nio2ServiceFactoryFactory());
    server.setHost(settings.host());
    server.setPort(settings.port());
    server.setKeyPairProvider(KeyPairProvider.wrap(hostKey));
    server.setUserAuthFactories(List.of(UserAuthPublicKeyFactory.INSTANCE));
    server.setPublickeyAuthenticator(authenticator);
    server.setPasswordAuthenticator(null);
    server.setKeyboardInteractiveAuthenticator(null);
    server.setGSSAuthenticator(null);
    server.setHostBasedAuthenticator(null);
    server.setChannelFactories(List.of(ChannelSessionFactory.INSTANCE));
    server.setForwardingFilter(RejectAllForwardingFilter.INSTANCE);
    server.setAgentFactory(null);
    server.setShellFactory(channel -> new ShellCommand(processor, sessions, history));
    server.setCommandFactory((channel, command) -> new ExecCommand(processor, sessions, command));
    CoreModuleProperties.IDLE_TIMEOUT.set(server, settings.idleTimeout());
    server.addSessionListener(new LoginLog(logger));
    try {
      server.start();
    } catch (IOException | RuntimeException e) {
      server.close(true).await(STOP_WAIT_SECONDS, TimeUnit.SECONDS);
      sessions.shutdownNow();
      throw new IOException(
          "the SSH console cannot listen on "
              + settings.host()
              + ":"
              + settings.port()
              + ": "
              + ChannelCommand.message(e),
          e);
    }
    return new ConsoleServer(
        server, sessions, HostKey.fingerprint(hostKey.getPublic()), authenticator);
  }

  /** The port the server listens on, the one chosen by the system if 0 was configured. */
  int port() {
    return server.getPort();
  }

  String hostKeyFingerprint() {
    return hostKeyFingerprint;
  }

  /** Why nobody could log in right now, or null: see {@link KeyFileAuthenticator#fileProblem()}. */
  String authorizedKeysProblem() {
    return authenticator.fileProblem();
  }

  /** Closes every session and the listening socket, then waits for the console's threads. */
  @Override
  public void close() throws IOException {
    try {
      server.stop(true);
    } finally {
      sessions.shutdownNow();
      try {
        if (!sessions.awaitTermination(STOP_WAIT_SECONDS, TimeUnit.SECONDS)) {
          throw new IOException(
              "SSH console commands still running "
                  + STOP_WAIT_SECONDS
                  + "s after they were interrupted");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static ThreadFactory threads(String prefix) {
    AtomicInteger count = new AtomicInteger();
    return task -> {
      Thread t = new Thread(task, prefix + count.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  /** One INFO line per login: who, from where, with which authorized key. */
  private static final class LoginLog implements SessionListener {
    private final Logger logger;

    LoginLog(Logger logger) {
      this.logger = logger;
    }

    @Override
    public void sessionEvent(Session session, Event event) {
      if (event != Event.Authenticated || !(session instanceof ServerSession)) {
        return;
      }
      ServerSession s = (ServerSession) session;
      AuthorizedKeyEntry key =
          s.getAttribute(AuthorizedKeyEntriesPublickeyAuthenticator.AUTHORIZED_KEY);
      String comment = key == null ? null : key.getComment();
      logger.info(
          "SSH login: '"
              + s.getUsername()
              + "' from "
              + s.getClientAddress()
              + (comment == null || comment.isBlank()
                  ? ""
                  : " with key '" + comment.strip() + "'"));
    }
  }
}
