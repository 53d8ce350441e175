package sovereign.deploy;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.TreeMap;

/**
 * What {@link DropFolder} sees of the files in its folder, without reading their content: which
 * names count, and for each a {@link Look} cheap enough to take at every scan.
 */
final class DropFolderFiles {

  /**
   * What a file looks like from its attributes. Two equal looks taken {@code settle} apart mean the
   * file was left alone in between: same size, same last-modified time, same file (the file key, an
   * inode on Unix, changes when another file is renamed over it) and, where the file system has
   * one, same status-change time (which moves on any write, even one that sets the modified time
   * back).
   */
  record Look(long size, FileTime modified, Object fileKey, Object changed) {}

  private final Path dir;
  private final boolean unix;

  DropFolderFiles(Path dir) {
    this.dir = dir;
    this.unix = dir.getFileSystem().supportedFileAttributeViews().contains("unix");
  }

  /**
   * The files in the folder that count, in name order, each with its look, or with {@code null} if
   * it could not be looked at this time (it is still there, as far as anyone knows). Files that
   * vanish while being listed are left out.
   *
   * @throws IOException if the folder itself cannot be listed
   */
  Map<Path, Look> list() throws IOException {
    Map<Path, Look> files = new TreeMap<>();
    try (DirectoryStream<Path> entries =
        Files.newDirectoryStream(dir, p -> DropFolder.counts(p.getFileName().toString()))) {
      for (Path entry : entries) {
        try {
          Look look = look(entry);
          if (look != null) {
            files.put(entry, look);
          }
        } catch (NoSuchFileException e) {
          // gone since listed
        } catch (IOException e) {
          files.put(entry, null);
        }
      }
    }
    return files;
  }

  /**
   * The look of a file, following a symbolic link; {@code null} if it is not a regular file.
   *
   * @throws NoSuchFileException if it is gone
   */
  Look look(Path file) throws IOException {
    if (unix) {
      Map<String, Object> a =
          Files.readAttributes(file, "unix:size,lastModifiedTime,ctime,fileKey,isRegularFile");
      if (!Boolean.TRUE.equals(a.get("isRegularFile"))) {
        return null;
      }
      return new Look(
          (Long) a.get("size"),
          (FileTime) a.get("lastModifiedTime"),
          a.get("fileKey"),
          a.get("ctime"));
    }
    BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
    if (!a.isRegularFile()) {
      return null;
    }
    return new Look(a.size(), a.lastModifiedTime(), a.fileKey(), null);
  }
}
