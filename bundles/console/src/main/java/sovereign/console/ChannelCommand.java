package sovereign.console;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSession;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;

/**
 * What an SSH channel runs: a Gogo session on the console's thread pool. Closing the channel
 * (client gone, idle timeout, console stopped) interrupts the work and closes the Gogo session.
 */
abstract class ChannelCommand implements Command {

  protected final CommandProcessor processor;
  private final ExecutorService executor;

  protected InputStream in;
  protected OutputStream out;
  protected OutputStream err;
  private ExitCallback exitCallback;
  private volatile Future<?> task;
  private volatile CommandSession session;

  ChannelCommand(CommandProcessor processor, ExecutorService executor) {
    this.processor = processor;
    this.executor = executor;
  }

  /** Runs on a console thread until the work is done; returns the exit status. */
  protected abstract int run(ChannelSession channel, Environment env) throws Exception;

  /** Opens the Gogo session this command works in; it is closed when the command ends. */
  protected final CommandSession openSession(
      InputStream sin, OutputStream sout, OutputStream serr) {
    CommandSession s = processor.createSession(sin, sout, serr);
    session = s;
    return s;
  }

  @Override
  public void start(ChannelSession channel, Environment env) throws IOException {
    try {
      task = executor.submit(() -> runAndExit(channel, env));
    } catch (RejectedExecutionException e) {
      throw new IOException("the SSH console is stopping", e);
    }
  }

  private void runAndExit(ChannelSession channel, Environment env) {
    int status;
    try {
      status = run(channel, env);
    } catch (Throwable e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      writeQuietly(err, message(e) + "\n");
      status = 1;
    } finally {
      closeSession();
    }
    flushQuietly(out);
    flushQuietly(err);
    exitCallback.onExit(status);
  }

  @Override
  public void destroy(ChannelSession channel) {
    Future<?> t = task;
    if (t != null) {
      t.cancel(true);
    }
    closeSession();
  }

  private void closeSession() {
    CommandSession s = session;
    if (s != null) {
      s.close();
    }
  }

  /** The text an operator sees for a failure: the message, else the exception's name. */
  static String message(Throwable e) {
    String m = e.getMessage();
    return m == null || m.isBlank() ? e.toString() : m;
  }

  /** Flushes after every write, so command output reaches the client as it is produced. */
  static OutputStream flushing(OutputStream target) {
    return new FilterOutputStream(target) {
      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
        out.flush();
      }

      @Override
      public void write(int b) throws IOException {
        out.write(b);
        out.flush();
      }
    };
  }

  static void writeQuietly(OutputStream stream, String text) {
    try {
      stream.write(text.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      // The channel is gone: there is nobody left to tell.
    }
  }

  private static void flushQuietly(OutputStream stream) {
    try {
      stream.flush();
    } catch (IOException e) {
      // The channel is gone: there is nobody left to tell.
    }
  }

  @Override
  public void setInputStream(InputStream in) {
    this.in = in;
  }

  @Override
  public void setOutputStream(OutputStream out) {
    this.out = out;
  }

  @Override
  public void setErrorStream(OutputStream err) {
    this.err = err;
  }

  @Override
  public void setExitCallback(ExitCallback callback) {
    this.exitCallback = callback;
  }
}
