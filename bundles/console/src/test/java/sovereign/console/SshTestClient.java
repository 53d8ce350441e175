package sovereign.console;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.channel.ChannelShell;
import org.apache.sshd.client.channel.ClientChannelEvent;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.keyprovider.KeyIdentityProvider;

/** Apache SSHD's client, trusting any host key but remembering the ones it saw. */
final class SshTestClient implements AutoCloseable {

  static final Duration TIMEOUT = Duration.ofSeconds(15);

  final List<PublicKey> serverKeys = new CopyOnWriteArrayList<>();
  private final SshClient client = SshClient.setUpDefaultClient();

  SshTestClient() {
    client.setServerKeyVerifier(
        (session, address, key) -> {
          serverKeys.add(key);
          return true;
        });
    client.setKeyIdentityProvider(KeyIdentityProvider.EMPTY_KEYS_PROVIDER);
    client.start();
  }

  /** A connected session that has not authenticated yet. */
  ClientSession connect(int port, String user) throws IOException {
    return client.connect(user, "127.0.0.1", port).verify(TIMEOUT).getSession();
  }

  /** A session authenticated with {@code key}; throws if the server refuses it. */
  ClientSession login(int port, String user, KeyPair key) throws IOException {
    ClientSession session = connect(port, user);
    session.addPublicKeyIdentity(key);
    session.auth().verify(TIMEOUT);
    return session;
  }

  record Result(String out, String err, Integer status) {}

  static Result exec(ClientSession session, String command) throws IOException {
    return exec(session, command, false);
  }

  /** Runs {@code command}, with a pty as {@code ssh -t} asks for one if {@code pty}. */
  static Result exec(ClientSession session, String command, boolean pty) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    try (ChannelExec channel = session.createExecChannel(command)) {
      channel.setUsePty(pty);
      channel.setOut(out);
      channel.setErr(err);
      channel.open().verify(TIMEOUT);
      channel.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), TIMEOUT);
      return new Result(
          out.toString(StandardCharsets.UTF_8),
          err.toString(StandardCharsets.UTF_8),
          channel.getExitStatus());
    }
  }

  /** An interactive shell channel with a pty, and everything the server wrote to it. */
  static final class Shell implements AutoCloseable {
    final ChannelShell channel;
    private final StringBuffer output = new StringBuffer();

    /** A shell with a pty of type {@code term}, or without a pty if {@code term} is null. */
    Shell(ClientSession session, String term, int columns, int lines) throws IOException {
      channel = session.createShellChannel();
      if (term == null) {
        channel.setUsePty(false);
      } else {
        channel.setPtyType(term);
        channel.setPtyColumns(columns);
        channel.setPtyLines(lines);
      }
      channel.setRedirectErrorStream(true);
      channel.setOut(
          new OutputStream() {
            @Override
            public void write(int b) {
              output.append((char) b);
            }

            @Override
            public void write(byte[] b, int off, int len) {
              output.append(new String(b, off, len, StandardCharsets.UTF_8));
            }
          });
      channel.open().verify(TIMEOUT);
    }

    void type(String keys) throws IOException {
      OutputStream in = channel.getInvertedIn();
      in.write(keys.getBytes(StandardCharsets.UTF_8));
      in.flush();
    }

    /** Waits until the output contains {@code text}; returns the output so far. */
    String await(String text) throws InterruptedException {
      long deadline = System.nanoTime() + TIMEOUT.toNanos();
      while (output.indexOf(text) < 0) {
        if (System.nanoTime() > deadline) {
          throw new AssertionError("no '" + text + "' in shell output:\n" + output);
        }
        Thread.sleep(20);
      }
      return output.toString();
    }

    /** Waits for the server to close the channel; true if it did. */
    boolean awaitClosed() {
      return channel
          .waitFor(EnumSet.of(ClientChannelEvent.CLOSED), TIMEOUT)
          .contains(ClientChannelEvent.CLOSED);
    }

    String output() {
      return output.toString();
    }

    @Override
    public void close() throws IOException {
      channel.close();
    }
  }

  @Override
  public void close() throws IOException {
    client.stop();
  }
}
