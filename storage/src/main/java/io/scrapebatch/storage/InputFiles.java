package io.scrapebatch.storage;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;

/**
 * The data files of an input: a file (taken as named), a folder (searched recursively) or a glob.
 * In folders only JSON-lines names count ({@code .json, .jsonl, .ndjson}, optionally {@code .gz});
 * other files — a manifest, a README, a scraper's log — are listed as ignored instead of being
 * quarantined line by line. Names starting with '_' or '.' are hidden, as in Hadoop and Spark. The
 * job reads exactly these files, and the operator sizes the job from exactly these.
 */
public record InputFiles(List<String> files, List<Long> lengths, long bytes, List<String> ignored) {
  private static final Pattern DATA_FILE =
      Pattern.compile(".*\\.(json|jsonl|ndjson)(\\.gz)?$", Pattern.CASE_INSENSITIVE);
  private static final Pattern GLOB = Pattern.compile("[*?\\[{]");

  public InputFiles {
    files = List.copyOf(files);
    lengths = List.copyOf(lengths);
    ignored = List.copyOf(ignored);
  }

  /** Identifies the exact input: each file's path and length, hashed. */
  public String fingerprint() {
    try {
      var sha = java.security.MessageDigest.getInstance("SHA-256");
      for (int i = 0; i < files.size(); i++) {
        sha.update(
            (files.get(i) + "\t" + lengths.get(i) + "\n")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
      }
      return java.util.HexFormat.of().formatHex(sha.digest()).substring(0, 32);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  public boolean isEmpty() {
    return files.isEmpty();
  }

  /**
   * The input's files, through the (cached) file system {@code conf} gives its scheme.
   *
   * @throws StorageFailure when the input cannot be listed
   */
  public static InputFiles resolve(String input, Configuration conf) {
    FileSystem fs;
    try {
      fs = new Path(input).getFileSystem(conf);
    } catch (IOException e) {
      throw StorageFailure.of("cannot open the storage of " + input, e);
    }
    return resolve(input, fs);
  }

  /**
   * The input's files, through {@code fs}.
   *
   * @throws StorageFailure when the input cannot be listed
   */
  public static InputFiles resolve(String input, FileSystem fs) {
    try {
      Path path = new Path(input);
      var found = new Collector();
      if (GLOB.matcher(path.toUri().getPath()).find()) {
        FileStatus[] matches = fs.globStatus(path);
        if (matches != null) {
          for (FileStatus match : matches) {
            found.add(fs, match, true);
          }
        }
      } else if (!fs.exists(path)) {
        throw new StorageFailure(
            StorageFailure.Reason.NOT_FOUND, "input " + input + " does not exist", null);
      } else {
        found.add(fs, fs.getFileStatus(path), true);
      }
      found.files.sort(null);
      var lengths = found.files.stream().map(found.lengths::get).toList();
      return new InputFiles(found.files, lengths, found.bytes, found.ignored);
    } catch (IOException e) {
      throw StorageFailure.of("cannot list input " + input, e);
    }
  }

  private static final class Collector {
    final List<String> files = new ArrayList<>();
    final List<String> ignored = new ArrayList<>();
    final java.util.Map<String, Long> lengths = new java.util.HashMap<>();
    long bytes;

    /** A file or folder the user named (or a glob matched): taken whatever its name. */
    void add(FileSystem fs, FileStatus status, boolean named) throws IOException {
      if (!status.isDirectory()) {
        take(status);
        return;
      }
      Path root = status.getPath();
      if (fs instanceof LocalFileSystem) {
        walk(fs, root, root);
        return;
      }
      // Object stores list a whole tree flat, a page of objects per request.
      RemoteIterator<LocatedFileStatus> it = fs.listFiles(root, true);
      while (it.hasNext()) {
        consider(root, it.next());
      }
    }

    /**
     * The local file system walked directory by directory: its {@code listFiles} forks an {@code ls
     * -ld} per file for permissions that a listing never needs (200 forks for 200 batches of one
     * file in bench-operator).
     */
    private void walk(FileSystem fs, Path root, Path dir) throws IOException {
      RemoteIterator<FileStatus> it = fs.listStatusIterator(dir);
      while (it.hasNext()) {
        FileStatus entry = it.next();
        if (entry.isDirectory()) {
          walk(fs, root, entry.getPath());
        } else {
          consider(root, entry);
        }
      }
    }

    private void consider(Path root, FileStatus file) {
      String relative = root.toUri().relativize(file.getPath().toUri()).getPath();
      if (hidden(relative) || !DATA_FILE.matcher(file.getPath().getName()).matches()) {
        ignored.add(file.getPath().toString());
      } else {
        take(file);
      }
    }

    private void take(FileStatus file) {
      files.add(file.getPath().toString());
      lengths.put(file.getPath().toString(), file.getLen());
      bytes += file.getLen();
    }

    private static boolean hidden(String relativePath) {
      for (String part : relativePath.split("/")) {
        if (part.startsWith("_") || part.startsWith(".")) {
          return true;
        }
      }
      return false;
    }
  }
}
