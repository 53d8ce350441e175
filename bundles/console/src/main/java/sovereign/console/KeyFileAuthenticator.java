package sovereign.console;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.util.AbstractMap.SimpleImmutableEntry;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.apache.sshd.common.config.keys.AuthorizedKeyEntry;
import org.apache.sshd.common.config.keys.PublicKeyEntryResolver;
import org.apache.sshd.common.util.io.ModifiableFileWatcher;
import org.apache.sshd.server.auth.pubkey.PublickeyAuthenticator;
import org.apache.sshd.server.config.keys.AuthorizedKeysAuthenticator;
import org.apache.sshd.server.session.ServerSession;
import org.osgi.service.log.Logger;

/**
 * Public-key authentication against {@code <node>/data/authorized_keys} (OpenSSH format), re-read
 * when the file changes. Any user name is accepted with an authorized key. The file must exist, be
 * owned by the node's user (or root) and be writable by its owner only; a key line with options
 * ({@code from=}, {@code command=}, {@code cert-authority}, ...) is ignored, since those options
 * would not be enforced. Every refusal is logged with its reason.
 */
final class KeyFileAuthenticator extends AuthorizedKeysAuthenticator {

  static final String FILE_NAME = "authorized_keys";

  private final Logger logger;
  private volatile String readError;
  private volatile List<String> loadedContent;

  KeyFileAuthenticator(Path file, Logger logger) {
    super(file);
    this.logger = logger;
  }

  /** Why nobody can log in with the file as it is now, or null if keys may be accepted. */
  String fileProblem() {
    Path path = getPath();
    if (!Files.exists(path)) {
      return "there is no "
          + path
          + "; add the operators' OpenSSH public keys there, one per line, to allow SSH logins";
    }
    try {
      SimpleImmutableEntry<String, Object> violation =
          ModifiableFileWatcher.validateStrictConfigFilePermissions(path);
      if (violation != null) {
        return path
            + " must be owned by the node's user and writable by its owner only ("
            + violation.getKey()
            + "); fix it, e.g. chmod 600 "
            + path;
      }
    } catch (IOException e) {
      return "cannot check the permissions of " + path + ": " + e.getMessage();
    }
    return null;
  }

  @Override
  public boolean authenticate(String username, PublicKey key, ServerSession session) {
    String who = "'" + username + "' from " + session.getClientAddress();
    String problem = fileProblem();
    if (problem != null) {
      logger.warn("SSH login refused for " + who + ": " + problem);
      return false;
    }
    boolean accepted = super.authenticate(username, key, session);
    if (!accepted) {
      String error = readError;
      logger.info(
          "SSH login refused for "
              + who
              + ": "
              + (error != null
                  ? error
                  : "key " + HostKey.fingerprint(key) + " is not in " + getPath()));
    }
    return accepted;
  }

  @Override
  protected PublickeyAuthenticator resolvePublickeyAuthenticator(
      String username, ServerSession session) throws IOException, GeneralSecurityException {
    try {
      return super.resolvePublickeyAuthenticator(username, session);
    } catch (IOException | GeneralSecurityException | RuntimeException e) {
      readError = "cannot read " + getPath() + " (" + e.getMessage() + "); fix it to allow logins";
      logger.warn("SSH console: " + readError);
      throw e;
    }
  }

  @Override
  protected Collection<AuthorizedKeyEntry> reloadAuthorizedKeys(
      Path path, String username, ServerSession session)
      throws IOException, GeneralSecurityException {
    Collection<AuthorizedKeyEntry> entries = super.reloadAuthorizedKeys(path, username, session);
    List<AuthorizedKeyEntry> usable = new ArrayList<>(entries.size());
    List<String> ignored = new ArrayList<>();
    for (AuthorizedKeyEntry entry : entries) {
      String reason = unusable(entry, session);
      if (reason == null) {
        usable.add(entry);
      } else {
        ignored.add(
            "SSH console ignores a key in " + path + " (" + describe(entry) + "): " + reason);
      }
    }
    readError = null;
    // The file is re-read whenever it may have changed; say what it holds only when that changed.
    List<String> content = new ArrayList<>(ignored);
    usable.forEach(e -> content.add(e.toString()));
    if (!content.equals(loadedContent)) {
      loadedContent = content;
      ignored.forEach(logger::warn);
      logger.info("SSH console: " + usable.size() + " authorized key(s) in " + path);
    }
    return usable;
  }

  private static String unusable(AuthorizedKeyEntry entry, ServerSession session) {
    if (!entry.getLoginOptions().isEmpty()) {
      return "key options "
          + entry.getLoginOptions().keySet()
          + " are not supported and would not be enforced; remove them to allow this key";
    }
    try {
      if (entry.resolvePublicKey(session, PublicKeyEntryResolver.IGNORING) == null) {
        return "key type "
            + entry.getKeyType()
            + " is not supported by this runtime"
            + (entry.getKeyType().contains("ed25519")
                ? " (ed25519 keys need the Bouncy Castle bundle, bcprov)"
                : "");
      }
    } catch (IOException | GeneralSecurityException | RuntimeException e) {
      return "cannot decode the key: " + e.getMessage();
    }
    return null;
  }

  private static String describe(AuthorizedKeyEntry entry) {
    String comment = entry.getComment();
    return entry.getKeyType() + (comment == null || comment.isBlank() ? "" : " " + comment.strip());
  }
}
