package sovereign.console;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.Iterator;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.common.util.io.resource.PathResource;
import org.apache.sshd.common.util.security.SecurityUtils;

/**
 * The server's host key, {@code <node>/data/ssh_host_key}: an EC P-256 key in the OpenSSH private
 * key format, generated once with mode 0600 and reused so its fingerprint stays stable. A file that
 * exists but cannot be read is an error, never silently replaced: clients would see a new host key.
 */
final class HostKey {

  static final String FILE_NAME = "ssh_host_key";

  private static final String KEY_TYPE = KeyPairProvider.ECDSA_SHA2_NISTP256;
  private static final int KEY_SIZE = 256;

  private HostKey() {}

  /** Loads the host key from {@code file}, generating and writing it first if there is none. */
  static KeyPair loadOrCreate(Path file) throws IOException {
    try {
      if (Files.exists(file)) {
        return load(file);
      }
      KeyPair generated = KeyUtils.generateKeyPair(KEY_TYPE, KEY_SIZE);
      write(generated, file);
      return generated;
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot load or create the SSH host key " + file + ": " + e, e);
    }
  }

  /** The OpenSSH fingerprint of a key, {@code SHA256:...}, as {@code ssh-keygen -l} prints it. */
  static String fingerprint(PublicKey key) {
    return KeyUtils.getFingerPrint(key);
  }

  private static KeyPair load(Path file) throws IOException, GeneralSecurityException {
    try (InputStream in = Files.newInputStream(file)) {
      Iterable<KeyPair> pairs =
          SecurityUtils.loadKeyPairIdentities(null, new PathResource(file), in, null);
      Iterator<KeyPair> it = pairs == null ? null : pairs.iterator();
      if (it == null || !it.hasNext()) {
        throw new IOException(
            "the SSH host key file "
                + file
                + " holds no private key; move it away to generate a new host key");
      }
      return it.next();
    }
  }

  private static void write(KeyPair pair, Path file) throws IOException, GeneralSecurityException {
    Path dir = file.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path tmp = dir.resolve(file.getFileName() + ".tmp");
    Files.deleteIfExists(tmp);
    createOwnerOnly(tmp);
    try {
      try (OutputStream out = Files.newOutputStream(tmp)) {
        new OpenSSHKeyPairResourceWriter()
            .writePrivateKey(pair, "sovereign ssh host key", null, out);
      }
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /** Creates an empty file only its owner can read and write, before any secret goes into it. */
  private static void createOwnerOnly(Path file) throws IOException {
    if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      Files.createFile(
          file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } else {
      Files.createFile(file);
      var f = file.toFile();
      boolean restricted =
          f.setReadable(false, false)
              && f.setReadable(true, true)
              && f.setWritable(false, false)
              && f.setWritable(true, true);
      if (!restricted) {
        throw new IOException("cannot restrict " + file + " to its owner");
      }
    }
  }
}
