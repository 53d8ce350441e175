package sovereign.skills;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import sovereign.api.policy.Policy;
import sovereign.api.policy.PolicyRefusedException;
import sovereign.api.skills.SkillFailedException.Reason;
import sovereign.util.AtomicFiles;

/**
 * The files of skills, each inside its own {@code <node>/sandbox/<skill>/}: reads and writes by
 * path, checked by {@link Policy#resolveInSandbox}, and a key/value store in {@code .kv/}, under a
 * quota of bytes per sandbox. Writes are atomic (temporary file, fsync, rename), so a crash leaves
 * the old or the new content.
 */
final class SandboxFiles {

  /** The folder of the key/value store, inside each sandbox. */
  static final String KV = ".kv";

  static final int MAX_KEY = 256;

  /** What a read found: the file's full size and its first bytes. */
  record Read(long size, byte[] bytes) {}

  private final Policy policy;
  private final long quotaBytes;
  private final Map<String, AtomicLong> usage;

  SandboxFiles(Policy policy, long quotaBytes) {
    this(policy, quotaBytes, new ConcurrentHashMap<>());
  }

  /** The files with no policy yet: {@link #with} gives the one a run uses. */
  SandboxFiles(long quotaBytes) {
    this(null, quotaBytes, new ConcurrentHashMap<>());
  }

  private SandboxFiles(Policy policy, long quotaBytes, Map<String, AtomicLong> usage) {
    this.policy = policy;
    this.quotaBytes = quotaBytes;
    this.usage = usage;
  }

  /** The same files, quotas and usage, checked by {@code policy} (the one a run leased). */
  SandboxFiles with(Policy policy) {
    return new SandboxFiles(Objects.requireNonNull(policy, "policy"), quotaBytes, usage);
  }

  /**
   * Reads up to {@code max} bytes of a file; null if there is no such file.
   *
   * @throws SkillException REFUSED if the policy refuses the path
   */
  Read read(String subject, String path, int max) {
    return readFile(resolve(subject, path, false), max);
  }

  /**
   * Creates or replaces a file (and the folders above it, inside the sandbox).
   *
   * @throws SkillException REFUSED if the policy refuses the path or the quota would be exceeded
   */
  void write(String subject, String path, byte[] content) {
    Path file = resolve(subject, path, true);
    mkdirs(subject, file.getParent());
    writeFile(subject, file, content);
  }

  /** The value of a key; null if absent. */
  Read kvGet(String subject, byte[] key, int max) {
    return readFile(kvFile(subject, key), max);
  }

  /** Sets a key. */
  void kvPut(String subject, byte[] key, byte[] value) {
    Path file = kvFile(subject, key);
    mkdirs(subject, file.getParent());
    writeFile(subject, file, value);
  }

  /** Removes a key; whether it was there. */
  boolean kvDelete(String subject, byte[] key) {
    Path file = kvFile(subject, key);
    try {
      long size = Files.size(file);
      boolean deleted = Files.deleteIfExists(file);
      if (deleted) {
        used(subject).addAndGet(-size);
      }
      return deleted;
    } catch (NoSuchFileException e) {
      return false;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + file, e);
    }
  }

  /** The bytes a sandbox holds, as counted for its quota. */
  long used(String subject, boolean recount) {
    if (recount) {
      usage.remove(subject);
    }
    return used(subject).get();
  }

  private Path resolve(String subject, String path, boolean write) {
    try {
      return policy.resolveInSandbox(subject, path, write);
    } catch (PolicyRefusedException e) {
      throw new SkillException(
          Reason.REFUSED,
          (write ? "file_write '" : "file_read '") + path + "' refused: " + e.getMessage(),
          e);
    }
  }

  private Path kvFile(String subject, byte[] key) {
    if (key.length < 1 || key.length > MAX_KEY) {
      throw new SkillException(
          Reason.TRAP, "a key has 1 to " + MAX_KEY + " bytes, this one " + key.length);
    }
    // Keys are arbitrary bytes: the file is named by their hash, so no key can name a path.
    return policy.sandbox(subject).resolve(KV).resolve(CompiledModule.sha256(key));
  }

  private static Read readFile(Path file, int max) {
    try (SeekableByteChannel channel =
        Files.newByteChannel(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
      long size = channel.size();
      InputStream in = Channels.newInputStream(channel);
      return new Read(size, in.readNBytes((int) Math.min(size, max)));
    } catch (NoSuchFileException e) {
      return null;
    } catch (IOException e) {
      throw new SkillException(
          Reason.TRAP, "cannot read " + file.getFileName() + ": " + e.getMessage(), e);
    }
  }

  private void writeFile(String subject, Path file, byte[] content) {
    long before = sizeOrZero(file);
    AtomicLong used = used(subject);
    long after = used.addAndGet(content.length - before);
    if (after > quotaBytes) {
      used.addAndGet(before - content.length);
      throw new SkillException(
          Reason.REFUSED,
          "writing "
              + content.length
              + " bytes would take sandbox/"
              + subject
              + " to "
              + after
              + " bytes, over its quota of "
              + quotaBytes
              + " bytes");
    }
    try {
      AtomicFiles.write(file, content);
    } catch (IOException e) {
      used.addAndGet(before - content.length);
      throw new SkillException(
          Reason.TRAP, "cannot write " + file.getFileName() + ": " + e.getMessage(), e);
    }
  }

  private void mkdirs(String subject, Path folder) {
    Path sandbox = policy.sandbox(subject);
    if (!folder.startsWith(sandbox)) {
      throw new SkillException(Reason.REFUSED, folder + " is outside the sandbox");
    }
    try {
      Files.createDirectories(folder);
    } catch (IOException e) {
      throw new SkillException(Reason.TRAP, "cannot create a folder: " + e.getMessage(), e);
    }
  }

  private AtomicLong used(String subject) {
    return usage.computeIfAbsent(subject, s -> new AtomicLong(count(policy.sandbox(s))));
  }

  private static long sizeOrZero(Path file) {
    try {
      return Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS)
          .size();
    } catch (IOException e) {
      return 0;
    }
  }

  private static long count(Path sandbox) {
    try (Stream<Path> files = Files.walk(sandbox)) {
      return files
          .filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS))
          .mapToLong(SandboxFiles::sizeOrZero)
          .sum();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot measure " + sandbox, e);
    }
  }
}
