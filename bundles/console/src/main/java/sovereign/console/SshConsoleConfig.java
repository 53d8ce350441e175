package sovereign.console;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Configuration of the SSH console, PID {@value SshConsole#PID}. The launch options {@code
 * --ssh-host} and {@code --ssh-port} (or {@code SOVEREIGN_SSH_HOST}, {@code SOVEREIGN_SSH_PORT})
 * override {@link #host()} and {@link #port()}.
 */
@ObjectClassDefinition(
    name = "Sovereign SSH console",
    description = "SSH access to the node's Gogo shell, public-key authentication only.")
public @interface SshConsoleConfig {

  @AttributeDefinition(description = "Start the SSH server.")
  boolean enabled() default true;

  @AttributeDefinition(
      description = "Address to bind; 127.0.0.1 keeps the console local to this machine.")
  String host() default "127.0.0.1";

  @AttributeDefinition(description = "TCP port; 0 picks a free port (see <node>/data/ssh.port).")
  int port() default 8022;

  @AttributeDefinition(
      description = "Close an authenticated session after this many idle seconds; 0 never.")
  long idleTimeoutSeconds() default 1800;
}
