package sovereign.identity;

import static java.nio.file.StandardOpenOption.APPEND;
import static java.nio.file.StandardOpenOption.CREATE;
import static java.nio.file.StandardOpenOption.READ;
import static java.nio.file.StandardOpenOption.WRITE;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;

/**
 * Files only their owner may read: written to a 0600 temporary file, synced and renamed over the
 * target, so a reader sees the old or the new content and never a world-readable moment.
 */
final class SecureFiles {

  static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
  static final Set<PosixFilePermission> OWNER_ONLY_DIRECTORY =
      PosixFilePermissions.fromString("rwx------");

  private static final Set<PosixFilePermission> OPEN_TO_OTHERS =
      EnumSet.of(
          PosixFilePermission.GROUP_READ,
          PosixFilePermission.GROUP_WRITE,
          PosixFilePermission.OTHERS_READ,
          PosixFilePermission.OTHERS_WRITE);

  private SecureFiles() {}

  static FileAttribute<Set<PosixFilePermission>> ownerOnly() {
    return PosixFilePermissions.asFileAttribute(OWNER_ONLY);
  }

  /**
   * Replaces {@code target} with {@code content}: mode 0600 from creation, fsync, atomic rename.
   */
  static void writeAtomically(Path target, byte[] content) throws IOException {
    Path directory = target.toAbsolutePath().getParent();
    Path temporary =
        Files.createTempFile(directory, "." + target.getFileName() + ".", ".tmp", ownerOnly());
    try {
      try (FileChannel channel = FileChannel.open(temporary, WRITE)) {
        writeFully(channel, content);
        channel.force(true);
      }
      Files.move(
          temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(temporary);
      throw e;
    }
    syncDirectory(directory);
  }

  /** Appends one line (a newline is added) to a 0600 file, creating it if needed, and syncs it. */
  static void appendLine(Path file, String line) throws IOException {
    byte[] bytes = (line + "\n").getBytes(StandardCharsets.UTF_8);
    try (FileChannel channel =
        FileChannel.open(file, EnumSet.of(CREATE, WRITE, APPEND), ownerOnly())) {
      writeFully(channel, bytes);
      channel.force(true);
    }
  }

  /** Makes a rename or a new entry in {@code directory} durable. */
  static void syncDirectory(Path directory) throws IOException {
    try (FileChannel channel = FileChannel.open(directory, READ)) {
      channel.force(true);
    }
  }

  /**
   * Refuses a key file that group or others can read or write, saying how to fix it.
   *
   * @throws IdentityException naming the file, its mode and the {@code chmod 600} that fixes it
   */
  static void requireOwnerOnly(Path file) {
    Set<PosixFilePermission> permissions;
    try {
      permissions = Files.getPosixFilePermissions(file);
    } catch (UnsupportedOperationException e) {
      throw new IdentityException(
          "key file "
              + file
              + " is on a file system without POSIX permissions; Sovereign keeps a node key only"
              + " where it can enforce mode 0600 (owner read/write only)");
    } catch (NoSuchFileException e) {
      throw new IdentityException("key file " + file + " is missing");
    } catch (IOException e) {
      throw new IdentityException(
          "cannot read the permissions of key file " + file + ": " + IdentityException.describe(e));
    }
    Set<PosixFilePermission> open = EnumSet.noneOf(PosixFilePermission.class);
    open.addAll(permissions);
    open.retainAll(OPEN_TO_OTHERS);
    if (!open.isEmpty()) {
      throw new IdentityException(
          "key file "
              + file
              + " is readable or writable by group or others (mode "
              + octal(permissions)
              + "); the node will not start until only its owner can use it. Fix it with: chmod 600 "
              + file);
    }
  }

  /** The permissions as an octal mode, e.g. {@code 0644}. */
  static String octal(Set<PosixFilePermission> permissions) {
    int mode = 0;
    for (PosixFilePermission permission : permissions) {
      mode |= 1 << (8 - permission.ordinal());
    }
    return String.format("0%03o", mode);
  }

  private static void writeFully(FileChannel channel, byte[] content) throws IOException {
    ByteBuffer buffer = ByteBuffer.wrap(content);
    while (buffer.hasRemaining()) {
      channel.write(buffer);
    }
  }
}
