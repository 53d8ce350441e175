package sovereign.identity;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;

/**
 * A reason the node identity cannot be used, phrased for the operator: it names the file and what
 * is wrong, and is shown as the halt reason, never a stack trace.
 */
class IdentityException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  IdentityException(String message) {
    super(message);
  }

  IdentityException(String message, Throwable cause) {
    super(message, cause);
  }

  /** A short, operator-readable description of an I/O failure. */
  static String describe(IOException e) {
    if (e instanceof NoSuchFileException) {
      return "no such file or directory: " + e.getMessage();
    }
    if (e instanceof AccessDeniedException) {
      return "permission denied: " + e.getMessage();
    }
    if (e instanceof FileAlreadyExistsException) {
      return "already exists: " + e.getMessage();
    }
    String message = e.getMessage();
    return message == null ? e.getClass().getSimpleName() : message;
  }
}
